using System;
using System.Runtime.InteropServices;
using VeloZ.Memory;

namespace VeloZ.Interop;

/// <summary>Exports of the process-wide memory registry: every live pool and arena, by name.</summary>
public static unsafe class MemoryReportExports
{
    /// <summary>
    /// Writes a table of every live pool and arena of the process (C#'s included: name, kind, block size, capacity,
    /// in use, peak, rents, returns, failures, chunks, bytes reserved) and a total line, as NUL-terminated UTF-8,
    /// into <paramref name="buffer"/>; stores the text's length in bytes (without the NUL) in
    /// <paramref name="written"/>. VELOZ_E_BUFFER_TOO_SMALL, with nothing copied and *written the length needed
    /// minus the NUL, when capacity is not above it (a NULL buffer with capacity 0 asks for the length; the text can
    /// grow between two calls, so allow some room). VELOZ_E_INVALID_ARGUMENT for a NULL written, a negative
    /// capacity, or a NULL buffer with capacity above 0. The values of owner-thread pools are recent, read while
    /// their owners may run.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_memory_report))]
    [ThreadContract("thread-safe")]
    public static Status veloz_memory_report([CSpelling("char*")] byte* buffer, int capacity, int* written)
    {
        try
        {
            return Export.TextOut(MemoryRegistry.Report(), buffer, capacity, written);
        }
        catch (Exception e) { return Export.Fail(e); }
    }

    /// <summary>
    /// Writes the Prometheus text exposition (format 0.0.4) of every live pool and arena: the gauges and counters
    /// veloz_memory_bytes_reserved, veloz_memory_chunks, veloz_pool_in_use_blocks, veloz_pool_rents_total, ...,
    /// veloz_arena_allocated_bytes, ..., labelled by name and kind. Buffer, capacity and written as
    /// veloz_memory_report.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = nameof(veloz_memory_prometheus))]
    [ThreadContract("thread-safe")]
    public static Status veloz_memory_prometheus([CSpelling("char*")] byte* buffer, int capacity, int* written)
    {
        try
        {
            return Export.TextOut(MemoryRegistry.Prometheus(), buffer, capacity, written);
        }
        catch (Exception e) { return Export.Fail(e); }
    }
}
