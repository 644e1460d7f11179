namespace VeloZ.Interop;

/// <summary>
/// A pool of fixed-size blocks of native memory for one owner thread (opaque). Blocks never move; returned blocks
/// are reused last in, first out.
/// </summary>
[CType("veloz_pool", Opaque = true)]
public struct PoolHandle
{
}

/// <summary>
/// A lock-free pool of fixed-size blocks of native memory for any number of threads (opaque). A block rented on one
/// thread may be returned on another.
/// </summary>
[CType("veloz_concurrent_pool", Opaque = true)]
public struct ConcurrentPoolHandle
{
}

/// <summary>
/// A bump allocator over chunks of native memory for one owner thread (opaque): allocations of any size and alignment,
/// freed all at once by veloz_arena_reset (which keeps the chunks) or veloz_arena_destroy.
/// </summary>
[CType("veloz_arena", Opaque = true)]
public struct ArenaHandle
{
}
