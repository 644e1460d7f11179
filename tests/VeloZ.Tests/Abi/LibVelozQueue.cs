namespace VeloZ.Tests.Abi;

/// <summary>
/// The queue exports of the published libveloz.so (include/veloz.h), called through <c>delegate* unmanaged</c>
/// function pointers like <see cref="LibVeloz"/>, for one family (<c>veloz_spsc_*</c> or <c>veloz_mpmc_*</c>, which
/// share their signatures). Handles are plain <c>nint</c>; records are untyped memory.
/// </summary>
internal sealed unsafe class LibVelozQueue
{
    public static readonly LibVelozQueue Spsc = new("spsc");
    public static readonly LibVelozQueue Mpmc = new("mpmc");

    private LibVelozQueue(string family) => Family = family;

    /// <summary>The family named "spsc" or "mpmc".</summary>
    public static LibVelozQueue Of(string family) => family == "spsc" ? Spsc : family == "mpmc" ? Mpmc : throw new System.ArgumentException(family);

    /// <summary>"spsc" or "mpmc".</summary>
    public string Family { get; }

    /// <summary>The C name of a function of the family: <c>Name("push")</c> is <c>veloz_spsc_push</c>.</summary>
    public string Name(string verb) => $"veloz_{Family}_{verb}";

    public delegate* unmanaged<QueueConfig*, nint*, int> Create => (delegate* unmanaged<QueueConfig*, nint*, int>)LibVeloz.Export(Name("create"));
    public delegate* unmanaged<nint, void> Destroy => (delegate* unmanaged<nint, void>)LibVeloz.Export(Name("destroy"));
    public delegate* unmanaged<nint, void*, int> Push => (delegate* unmanaged<nint, void*, int>)LibVeloz.Export(Name("push"));
    public delegate* unmanaged<nint, void*, int> Pop => (delegate* unmanaged<nint, void*, int>)LibVeloz.Export(Name("pop"));
    public delegate* unmanaged<nint, void*, int, int*, int> PushBatch => (delegate* unmanaged<nint, void*, int, int*, int>)LibVeloz.Export(Name("push_batch"));
    public delegate* unmanaged<nint, void*, int, int*, int> PopBatch => (delegate* unmanaged<nint, void*, int, int*, int>)LibVeloz.Export(Name("pop_batch"));
    public delegate* unmanaged<nint, void*, long, int> PushWait => (delegate* unmanaged<nint, void*, long, int>)LibVeloz.Export(Name("push_wait"));
    public delegate* unmanaged<nint, void*, long, int> PopWait => (delegate* unmanaged<nint, void*, long, int>)LibVeloz.Export(Name("pop_wait"));
    public delegate* unmanaged<nint, int> Close => (delegate* unmanaged<nint, int>)LibVeloz.Export(Name("close"));
    public delegate* unmanaged<nint, long*, int> Size => (delegate* unmanaged<nint, long*, int>)LibVeloz.Export(Name("size"));
    public delegate* unmanaged<nint, QueueStats*, int> GetStats => (delegate* unmanaged<nint, QueueStats*, int>)LibVeloz.Export(Name("get_stats"));

    /// <summary>veloz_spsc_peek (SPSC only).</summary>
    public static delegate* unmanaged<nint, void*, int> SpscPeek => (delegate* unmanaged<nint, void*, int>)LibVeloz.Export("veloz_spsc_peek");

    public override string ToString() => Family;
}
