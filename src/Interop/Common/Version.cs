namespace VeloZ.Interop;

/// <summary>The ABI version (docs/DESIGN.md rule 10). Bindings refuse a library whose major differs from theirs.</summary>
/// <remarks>
/// The numbers are not written here: <c>VELOZ_VERSION_MAJOR</c>, <c>_MINOR</c> and <c>_PATCH</c> are generated from
/// <c>VelozVersion</c> in Directory.Build.props, the one place of the version (target <c>VelozGenerateVersion</c> in
/// VeloZ.Interop.csproj writes them into obj/.../Version.g.cs, the other half of this class).
/// </remarks>
[CConstants]
public static partial class Version
{
    /// <summary>The packed value <c>veloz_version()</c> returns.</summary>
    internal const uint Packed = (VELOZ_VERSION_MAJOR << 16) | (VELOZ_VERSION_MINOR << 8) | VELOZ_VERSION_PATCH;
}
