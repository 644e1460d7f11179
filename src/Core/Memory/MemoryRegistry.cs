using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace VeloZ.Memory;

/// <summary>
/// Every live pool and arena of the process, by name: a snapshot of their statistics, a text report for a person
/// and the Prometheus text exposition for a scraper. Pools and arenas add themselves when created and leave when
/// disposed (or collected: the registry holds them weakly). Thread-safe; the pools themselves never wait on it
/// except when created and disposed.
/// </summary>
public static class MemoryRegistry
{
    private static readonly object s_gate = new();
    private static readonly List<WeakReference<IMemorySource>> s_sources = new();

    internal static void Add(IMemorySource source)
    {
        lock (s_gate)
        {
            s_sources.RemoveAll(static r => !r.TryGetTarget(out _));
            s_sources.Add(new WeakReference<IMemorySource>(source));
        }
    }

    internal static void Remove(IMemorySource source)
    {
        lock (s_gate)
            s_sources.RemoveAll(r => !r.TryGetTarget(out IMemorySource? s) || ReferenceEquals(s, source));
    }

    /// <summary>The live pools and arenas, in creation order, with their statistics now.</summary>
    public static MemorySourceInfo[] Snapshot()
    {
        var sources = new List<IMemorySource>();
        lock (s_gate)
        {
            foreach (WeakReference<IMemorySource> reference in s_sources)
            {
                if (reference.TryGetTarget(out IMemorySource? source))
                    sources.Add(source);
            }
        }
        var infos = new MemorySourceInfo[sources.Count];
        for (int i = 0; i < infos.Length; i++)
        {
            infos[i] = new MemorySourceInfo { Name = sources[i].Name, Kind = sources[i].Kind };
            sources[i].Describe(ref infos[i]);
        }
        return infos;
    }

    /// <summary>A table of every live pool and arena, one line each, and a total line, for a person to read.</summary>
    public static string Report()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteReport(writer);
        return writer.ToString();
    }

    /// <summary>Writes <see cref="Report"/> to <paramref name="writer"/>.</summary>
    public static void WriteReport(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MemorySourceInfo[] infos = Snapshot();
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{"name",-24} {"kind",-15} {"block",8} {"capacity",10} {"in use",10} {"peak",10} {"rents",12} {"failed",8} {"bad",6} {"chunks",6} {"reserved",14}\n"));
        long total = 0;
        foreach (MemorySourceInfo info in infos)
        {
            total += info.BytesReserved;
            if (info.IsArena)
            {
                ArenaStatistics a = info.Arena;
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{Clip(info.Name),-24} {info.Kind,-15} {"-",8} {"-",10} {a.BytesAllocated,10} {a.PeakBytesAllocated,10} {a.Allocations,12} {"-",8} {"-",6} {a.Chunks,6} {a.BytesReserved,14}\n"));
            }
            else
            {
                PoolStatistics p = info.Pool;
                writer.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{Clip(info.Name),-24} {info.Kind,-15} {p.BlockSize,8} {p.Capacity,10} {p.InUse,10} {p.PeakInUse,10} {p.Rents,12} {p.FailedRents,8} {p.BadReturns,6} {p.Chunks,6} {p.BytesReserved,14}\n"));
            }
        }
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{infos.Length} live (pools: blocks; arenas: bytes allocated since reset, allocations), {total} bytes reserved\n"));
    }

    /// <summary>The Prometheus text exposition (format 0.0.4) of every live pool and arena.</summary>
    public static string Prometheus()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        WritePrometheus(writer);
        return writer.ToString();
    }

    /// <summary>
    /// Writes the Prometheus text exposition: <c>veloz_memory_bytes_reserved</c> and <c>veloz_memory_chunks</c> for
    /// every source; <c>veloz_pool_*</c> gauges and <c>_total</c> counters for pools; <c>veloz_arena_*</c> for arenas;
    /// each sample labelled <c>name</c> (escaped) and <c>kind</c>. Every family has its HELP and TYPE lines, even
    /// when no source has a sample of it.
    /// </summary>
    public static void WritePrometheus(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MemorySourceInfo[] infos = Snapshot();
        // Two sources of one name and kind would be one series twice, which Prometheus rejects: the second is "name#2".
        var seen = new Dictionary<(string, string), int>();
        for (int i = 0; i < infos.Length; i++)
        {
            (string, string) key = (infos[i].Name, infos[i].Kind);
            int count = seen.GetValueOrDefault(key) + 1;
            seen[key] = count;
            if (count > 1)
                infos[i].Name = $"{infos[i].Name}#{count}";
        }
        var text = new StringBuilder();
        Family(text, infos, "veloz_memory_bytes_reserved", "gauge", "Native bytes held by a pool or an arena.", null, static i => i.BytesReserved);
        Family(text, infos, "veloz_memory_chunks", "gauge", "Chunks of native memory held by a pool or an arena.", null, static i => i.Chunks);
        Family(text, infos, "veloz_pool_block_bytes", "gauge", "Bytes per block of a pool.", false, static i => i.Pool.BlockSize);
        Family(text, infos, "veloz_pool_capacity_blocks", "gauge", "Blocks a pool holds, free and rented.", false, static i => i.Pool.Capacity);
        Family(text, infos, "veloz_pool_max_blocks", "gauge", "Most blocks a pool may hold (0: no limit).", false, static i => i.Pool.MaxBlocks);
        Family(text, infos, "veloz_pool_in_use_blocks", "gauge", "Blocks rented and not returned.", false, static i => i.Pool.InUse);
        Family(text, infos, "veloz_pool_peak_in_use_blocks", "gauge", "Most blocks rented at once.", false, static i => i.Pool.PeakInUse);
        Family(text, infos, "veloz_pool_rents_total", "counter", "Blocks rented.", false, static i => i.Pool.Rents);
        Family(text, infos, "veloz_pool_returns_total", "counter", "Blocks returned.", false, static i => i.Pool.Returns);
        Family(text, infos, "veloz_pool_failed_rents_total", "counter", "Rents refused because the pool was exhausted.", false, static i => i.Pool.FailedRents);
        Family(text, infos, "veloz_pool_bad_returns_total", "counter", "Returns refused: foreign pointers, pointers inside a block, blocks not rented.", false, static i => i.Pool.BadReturns);
        Family(text, infos, "veloz_arena_allocated_bytes", "gauge", "Bytes allocated from an arena since its last reset.", true, static i => i.Arena.BytesAllocated);
        Family(text, infos, "veloz_arena_peak_allocated_bytes", "gauge", "Most bytes allocated from an arena between two resets.", true, static i => i.Arena.PeakBytesAllocated);
        Family(text, infos, "veloz_arena_allocations_total", "counter", "Allocations from an arena.", true, static i => i.Arena.Allocations);
        Family(text, infos, "veloz_arena_resets_total", "counter", "Resets of an arena.", true, static i => i.Arena.Resets);
        writer.Write(text.ToString());
    }

    private static void Family(StringBuilder text, MemorySourceInfo[] infos, string name, string type, string help, bool? arenas, Func<MemorySourceInfo, long> value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (MemorySourceInfo info in infos)
        {
            if (arenas is bool wantArenas && info.IsArena != wantArenas)
                continue;
            text.Append(name).Append("{name=\"");
            foreach (char c in info.Name)
            {
                _ = c switch
                {
                    '\\' => text.Append("\\\\"),
                    '"' => text.Append("\\\""),
                    '\n' => text.Append("\\n"),
                    _ => text.Append(c),
                };
            }
            text.Append("\",kind=\"").Append(info.Kind).Append("\"} ")
                .Append(value(info).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static string Clip(string name) => name.Length <= 24 ? name : name[..23] + "~";
}
