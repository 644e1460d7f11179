namespace VeloZ.Interop;

/// <summary>The ABI version (docs/DESIGN.md rule 10). Bindings refuse a library whose major differs from theirs.</summary>
[CConstants]
public static class Version
{
    /// <summary>ABI major version; also the SONAME suffix (libveloz.so.0).</summary>
    public const int VELOZ_VERSION_MAJOR = 0;
    /// <summary>Minor version: additions that keep old callers working.</summary>
    public const int VELOZ_VERSION_MINOR = 1;
    /// <summary>Patch version: fixes only.</summary>
    public const int VELOZ_VERSION_PATCH = 0;

    /// <summary>The packed value <c>veloz_version()</c> returns.</summary>
    internal const uint Packed = (VELOZ_VERSION_MAJOR << 16) | (VELOZ_VERSION_MINOR << 8) | VELOZ_VERSION_PATCH;
}
