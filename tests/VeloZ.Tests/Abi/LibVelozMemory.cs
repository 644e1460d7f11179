namespace VeloZ.Tests.Abi;

/// <summary>
/// The memory exports of the published libveloz.so (include/veloz.h), called through <c>delegate* unmanaged</c>
/// function pointers like <see cref="LibVeloz"/>: one instance per pool family (<c>veloz_pool_*</c> or
/// <c>veloz_concurrent_pool_*</c>, which share their signatures), and the arena, the memory report and the
/// handle-ownership exports as statics. Handles are plain <c>nint</c>; blocks are untyped pointers.
/// </summary>
internal sealed unsafe class LibVelozMemory
{
    public static readonly LibVelozMemory Pool = new("pool");
    public static readonly LibVelozMemory ConcurrentPool = new("concurrent_pool");

    private LibVelozMemory(string family) => Family = family;

    /// <summary>The family named "pool" or "concurrent_pool".</summary>
    public static LibVelozMemory Of(string family) =>
        family == "pool" ? Pool : family == "concurrent_pool" ? ConcurrentPool : throw new System.ArgumentException(family);

    /// <summary>"pool" or "concurrent_pool".</summary>
    public string Family { get; }

    /// <summary>The other pool family.</summary>
    public LibVelozMemory Other => this == Pool ? ConcurrentPool : Pool;

    /// <summary>The C name of a function of the family: <c>Name("rent")</c> is <c>veloz_pool_rent</c>.</summary>
    public string Name(string verb) => $"veloz_{Family}_{verb}";

    /// <summary>The kind the memory report lists a pool of the family under.</summary>
    public string Kind => this == Pool ? "fixed_pool" : "concurrent_pool";

    public delegate* unmanaged<PoolConfig*, nint*, int> Create => (delegate* unmanaged<PoolConfig*, nint*, int>)LibVeloz.Export(Name("create"));
    public delegate* unmanaged<nint, void> Destroy => (delegate* unmanaged<nint, void>)LibVeloz.Export(Name("destroy"));
    public delegate* unmanaged<nint, void**, int> Rent => (delegate* unmanaged<nint, void**, int>)LibVeloz.Export(Name("rent"));
    public delegate* unmanaged<nint, void*, int> Return => (delegate* unmanaged<nint, void*, int>)LibVeloz.Export(Name("return"));
    public delegate* unmanaged<nint, void**, int, int*, int> RentBatch => (delegate* unmanaged<nint, void**, int, int*, int>)LibVeloz.Export(Name("rent_batch"));
    public delegate* unmanaged<nint, void**, int, int*, int> ReturnBatch => (delegate* unmanaged<nint, void**, int, int*, int>)LibVeloz.Export(Name("return_batch"));
    public delegate* unmanaged<nint, void*, int*, int> IsRented => (delegate* unmanaged<nint, void*, int*, int>)LibVeloz.Export(Name("is_rented"));
    public delegate* unmanaged<nint, PoolStats*, int> GetStats => (delegate* unmanaged<nint, PoolStats*, int>)LibVeloz.Export(Name("get_stats"));

    // Arena
    public static delegate* unmanaged<ArenaConfig*, nint*, int> ArenaCreate => (delegate* unmanaged<ArenaConfig*, nint*, int>)LibVeloz.Export("veloz_arena_create");
    public static delegate* unmanaged<nint, void> ArenaDestroy => (delegate* unmanaged<nint, void>)LibVeloz.Export("veloz_arena_destroy");
    public static delegate* unmanaged<nint, long, int, void**, int> ArenaAlloc => (delegate* unmanaged<nint, long, int, void**, int>)LibVeloz.Export("veloz_arena_alloc");
    public static delegate* unmanaged<nint, long, int, void**, int, int> ArenaAllocBatch => (delegate* unmanaged<nint, long, int, void**, int, int>)LibVeloz.Export("veloz_arena_alloc_batch");
    public static delegate* unmanaged<nint, int> ArenaReset => (delegate* unmanaged<nint, int>)LibVeloz.Export("veloz_arena_reset");
    public static delegate* unmanaged<nint, ArenaStats*, int> ArenaGetStats => (delegate* unmanaged<nint, ArenaStats*, int>)LibVeloz.Export("veloz_arena_get_stats");

    // Memory report
    public static delegate* unmanaged<byte*, int, int*, int> Report => (delegate* unmanaged<byte*, int, int*, int>)LibVeloz.Export("veloz_memory_report");
    public static delegate* unmanaged<byte*, int, int*, int> Prometheus => (delegate* unmanaged<byte*, int, int*, int>)LibVeloz.Export("veloz_memory_prometheus");

    // Handle ownership (docs/DESIGN.md rule 8)
    public static delegate* unmanaged<nint, int> HandleShare => (delegate* unmanaged<nint, int>)LibVeloz.Export("veloz_handle_share");
    public static delegate* unmanaged<nint, int> HandleReleaseOwner => (delegate* unmanaged<nint, int>)LibVeloz.Export("veloz_handle_release_owner");

    public override string ToString() => Family;
}
