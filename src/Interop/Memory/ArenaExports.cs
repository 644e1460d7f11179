using System;
using System.Runtime.InteropServices;
using VeloZ.Memory;

namespace VeloZ.Interop;

// The C face of VeloZ.Memory.Arena. An arena belongs to one thread (Export.Owned): the first thread that allocates
// or resets becomes its owner.

/// <summary>Exports of the resettable bump arena.</summary>
public static unsafe class ArenaExports
{
    /// <summary>
    /// Creates an arena and reserves its first chunk. <paramref name="config"/> may be NULL for all defaults (64 KiB
    /// chunks, named "arena"); a zero field means its default. On success stores the handle in
    /// <paramref name="out"/>; on failure stores NULL there. VELOZ_E_INVALID_ARGUMENT for a NULL out, a struct_size
    /// of 0 or above 4096, or a field out of range (the message names it); VELOZ_E_OUT_OF_MEMORY if the chunk cannot
    /// be reserved.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_arena_create))]
    [ThreadContract("thread-safe")]
    public static Status veloz_arena_create([Const] VelozArenaConfig* config, ArenaHandle** @out)
    {
        try
        {
            Export.ClearOut(@out);
            *@out = Export.Register<ArenaHandle>(new Arena(MemoryOutcome.ArenaConfigIn(config)), HandleTag.Arena);
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Destroys an arena and frees every chunk: every pointer it handed out is dangling afterwards. NULL, or a handle
    /// already destroyed, is a no-op. No other thread may be using the arena.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_arena_destroy))]
    [ThreadContract("thread-safe")]
    public static void veloz_arena_destroy(ArenaHandle* arena)
    {
        try
        {
            Export.Destroy<Arena>(arena, HandleTag.Arena)?.Dispose();
        }
        catch
        {
            // Nothing to report through a void function; Dispose only frees native memory.
        }
    }

    /// <summary>
    /// Allocates <paramref name="size"/> bytes (1..1 GiB, not zeroed) aligned to <paramref name="alignment"/> (a
    /// power of two 1..4096, or 0 for 16) and stores the address in <paramref name="out"/>; valid until
    /// veloz_arena_reset or veloz_arena_destroy. O(1): a bump of the current chunk; a new chunk (or the next one
    /// kept by a reset) when it is full; an allocation larger than a chunk gets a chunk of its own.
    /// VELOZ_E_INVALID_ARGUMENT (*out NULL) for a size or alignment out of range or a NULL out;
    /// VELOZ_E_OUT_OF_MEMORY when a chunk cannot be reserved.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_arena_alloc))]
    [ThreadContract("owner thread only")]
    public static Status veloz_arena_alloc(ArenaHandle* arena, long size, int alignment, void** @out)
    {
        try
        {
            Arena target = Target(arena);
            void** block = (void**)Export.Bytes(@out);
            *block = null;
            *block = target.Allocate(size, MemoryOutcome.ArenaAlignment(size, alignment));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Allocates <paramref name="count"/> blocks of <paramref name="size"/> bytes each, aligned as
    /// veloz_arena_alloc, their addresses into <paramref name="blocks"/>: the cheapest way to take many. Checks size
    /// and alignment before allocating anything. VELOZ_E_INVALID_ARGUMENT for a size or alignment out of range, a
    /// negative count or NULL blocks with count above 0; VELOZ_E_OUT_OF_MEMORY when a chunk cannot be reserved (the
    /// blocks before it are allocated; the rest of blocks is unspecified).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_arena_alloc_batch))]
    [ThreadContract("owner thread only")]
    public static Status veloz_arena_alloc_batch(ArenaHandle* arena, long size, int alignment, void** blocks, int count)
    {
        try
        {
            Arena target = Target(arena);
            int checkedAlignment = MemoryOutcome.ArenaAlignment(size, alignment);
            target.AllocateBatch(size, checkedAlignment, Export.Array((nint*)blocks, count, "blocks", "count"));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Forgets every allocation and keeps every chunk, so the next batch of allocations reuses the same memory and
    /// reserves nothing new: every pointer handed out before is invalid afterwards (its memory is reused).
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_arena_reset))]
    [ThreadContract("owner thread only")]
    public static Status veloz_arena_reset(ArenaHandle* arena)
    {
        try
        {
            Target(arena).Reset();
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Fills <paramref name="out"/> with the arena's chunks and counters. The caller sets out->struct_size; the
    /// library writes min(struct_size, sizeof(veloz_arena_stats)) bytes and leaves struct_size as it was.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_arena_get_stats))]
    [ThreadContract("owner thread only")]
    public static Status veloz_arena_get_stats(ArenaHandle* arena, VelozArenaStats* @out)
    {
        try
        {
            Arena target = Target(arena);
            Export.StructOut(@out, MemoryOutcome.Stats(target.Statistics));
            return Status.Ok;
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    private static Arena Target(ArenaHandle* arena) => Export.Owned<Arena>(arena, HandleTag.Arena, "arena");
}
