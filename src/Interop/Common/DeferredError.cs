namespace VeloZ.Interop;

/// <summary>
/// The values of a failure whose message is formatted only on demand (see <see cref="LastError.SetDeferred"/>).
/// Plain fields, so recording a failure copies a few words and allocates nothing.
/// </summary>
internal struct DeferredError
{
    /// <summary>The export's name (a literal, so storing it allocates nothing).</summary>
    public string Function;
    /// <summary>A component-defined reason code.</summary>
    public int Code;
    /// <summary>A component-defined small value (an enum, a mode).</summary>
    public int Detail;
    /// <summary>Component-defined values quoted by the message.</summary>
    public long A, B, C, D, E, F;
}
