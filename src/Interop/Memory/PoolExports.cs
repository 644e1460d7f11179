using System;
using System.Runtime.InteropServices;
using VeloZ.Memory;

namespace VeloZ.Interop;

// The C face of VeloZ.Memory.FixedPool. A pool belongs to one thread (Export.Owned): the first thread that rents or
// returns becomes its owner. Blocks are native memory the pool reserved; their pointers cross as they are.

/// <summary>Exports of the single-thread fixed-size block pool.</summary>
public static unsafe class PoolExports
{
    /// <summary>
    /// Creates a pool of fixed-size blocks and reserves config->initial_blocks of them. <paramref name="config"/> is
    /// required (block_size has no default); a zero field means its default, and a struct_size smaller than this
    /// library's reads only the fields that fit. On success stores the handle in <paramref name="out"/>; on failure
    /// stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL config or out, a struct_size of 0 or above 4096, or a
    /// field out of its range (the message names it, e.g. config->alignment); VELOZ_E_OUT_OF_MEMORY if the first
    /// chunk cannot be reserved.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_pool_create([Const] VelozPoolConfig* config, PoolHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            *@out = Export.Register<PoolHandle>(new FixedPool(MemoryOutcome.PoolConfigIn(config)), HandleTag.Pool);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Destroys a pool and frees every block, rented or not: a block still held is dangling afterwards. NULL, or a
    /// handle already destroyed, is a no-op. No other thread may be using the pool.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_pool_destroy(PoolHandle* pool)
    {
        try
        {
            Export.Destroy<FixedPool>(pool, HandleTag.Pool)?.Dispose();
        }
        catch
        {
            // Nothing to report through a void function; Dispose only frees native memory.
        }
    }

    /// <summary>
    /// Rents a block: stores its address (aligned to the pool's alignment, block_size bytes, contents not zeroed) in
    /// <paramref name="out"/>. The most recently returned block comes back first. Grows the pool by a chunk when no
    /// block is free. VELOZ_E_FULL (*out NULL, nothing allocated, no message formatted unless asked) when max_blocks
    /// are rented or memory to grow ran out; VELOZ_E_INVALID_ARGUMENT for a NULL out.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_rent))]
    [ThreadContract("owner thread only")]
    public static Status veloz_pool_rent(PoolHandle* pool, void** @out)
    {
        try
        {
            FixedPool target = Pool(pool);
            void** block = (void**)Export.Bytes(@out);
            return target.TryRent(out *block) == PoolResult.Ok ? Status.Ok : MemoryOutcome.Exhausted(target.InUse, target.Statistics.MaxBlocks);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Returns a block rented from this pool. VELOZ_E_INVALID_ARGUMENT, with the pool unchanged, for a pointer this
    /// pool did not rent out: NULL, another pool's or malloc's memory, a pointer inside a block, or a block returned
    /// twice (the message says which). With VELOZ_POOL_CONFIG_FILL_FREED the block's bytes become 0xDD.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_return))]
    [ThreadContract("owner thread only")]
    public static Status veloz_pool_return(PoolHandle* pool, void* block)
    {
        try
        {
            FixedPool target = Pool(pool);
            PoolResult result = target.TryReturn(block);
            return result == PoolResult.Ok ? Status.Ok : MemoryOutcome.BadReturn(result, (nint)block, target.Name);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Rents <paramref name="count"/> blocks into <paramref name="blocks"/> and stores how many in
    /// <paramref name="rented"/>. VELOZ_OK when all were; VELOZ_E_FULL when the pool ran out first: blocks[0 ..
    /// *rented) are rented all the same and are the caller's to return. VELOZ_E_INVALID_ARGUMENT for a negative
    /// count, NULL blocks with count above 0, or a NULL rented.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_rent_batch))]
    [ThreadContract("owner thread only")]
    public static Status veloz_pool_rent_batch(PoolHandle* pool, void** blocks, int count, int* rented)
    {
        try
        {
            FixedPool target = Pool(pool);
            ref int rentedOut = ref Export.Out(rented);
            rentedOut = target.RentBatch(Export.Array((nint*)blocks, count, "blocks", "count"));
            return rentedOut == count ? Status.Ok : MemoryOutcome.Exhausted(target.InUse, target.Statistics.MaxBlocks);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Returns the <paramref name="count"/> blocks at <paramref name="blocks"/> in order, stopping at the first the
    /// pool refuses (see veloz_pool_return); stores how many were returned in <paramref name="returned"/>.
    /// VELOZ_OK when all were; VELOZ_E_INVALID_ARGUMENT naming blocks[*returned] when one was refused (the blocks
    /// after it are not returned); VELOZ_E_INVALID_ARGUMENT also for a negative count, NULL blocks with count above
    /// 0, or a NULL returned.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_return_batch))]
    [ThreadContract("owner thread only")]
    public static Status veloz_pool_return_batch(PoolHandle* pool, void** blocks, int count, int* returned)
    {
        try
        {
            FixedPool target = Pool(pool);
            ref int returnedOut = ref Export.Out(returned);
            Span<nint> span = Export.Array((nint*)blocks, count, "blocks", "count");
            returnedOut = target.ReturnBatch(span, out PoolResult result);
            return result == PoolResult.Ok ? Status.Ok : MemoryOutcome.BadReturn(result, span[returnedOut], target.Name, returnedOut);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Stores 1 in <paramref name="out_rented"/> when <paramref name="block"/> is the start of a block of this pool
    /// that is rented now, else 0 (any pointer may be asked about). VELOZ_E_INVALID_ARGUMENT for a NULL out_rented.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_is_rented))]
    [ThreadContract("owner thread only")]
    public static Status veloz_pool_is_rented(PoolHandle* pool, [Const] void* block, int* out_rented)
    {
        try
        {
            FixedPool target = Pool(pool);
            Export.Out(out_rented) = target.IsRented(block) ? 1 : 0;
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the pool's sizes and counters. The caller sets out->struct_size; the library
    /// writes min(struct_size, sizeof(veloz_pool_stats)) bytes and leaves struct_size as it was.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_pool_get_stats))]
    [ThreadContract("owner thread only")]
    public static Status veloz_pool_get_stats(PoolHandle* pool, VelozPoolStats* @out)
    {
        try
        {
            FixedPool target = Pool(pool);
            Export.StructOut(@out, MemoryOutcome.Stats(target.Statistics));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static FixedPool Pool(PoolHandle* pool) => Export.Owned<FixedPool>(pool, HandleTag.Pool, "pool");
}
