using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace VeloZ.Threading;

/// <summary>
/// The kernel's CPU list format ("0-3,8,10-11", as in /sys/devices/system/cpu/online, isolated and nohz_full, and
/// Cpus_allowed_list): parsing to sorted CPU numbers and formatting back.
/// </summary>
public static class CpuList
{
    /// <summary>Highest CPU number accepted: 4095 (the kernel's largest NR_CPUS on x86-64 is 8192; no machine VeloZ runs on has more than 4096).</summary>
    public const int MaxCpu = 4095;

    /// <summary>
    /// The CPUs of <paramref name="text"/>, sorted and without duplicates; empty for an empty or blank text.
    /// Throws <see cref="FormatException"/> naming the bad part for anything else.
    /// </summary>
    public static int[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cpus = new SortedSet<int>();
        foreach (string raw in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string part = raw.Trim();
            int dash = part.IndexOf('-');
            int first = Number(dash < 0 ? part : part[..dash], part);
            int last = dash < 0 ? first : Number(part[(dash + 1)..], part);
            if (last < first)
                throw new FormatException($"CPU range '{part}' ends before it starts");
            for (int cpu = first; cpu <= last; cpu++)
                cpus.Add(cpu);
        }
        var result = new int[cpus.Count];
        cpus.CopyTo(result);
        return result;
    }

    /// <summary>The list format of <paramref name="cpus"/> (any order, duplicates allowed): "0-3,8"; "" for none.</summary>
    public static string Format(ReadOnlySpan<int> cpus)
    {
        int[] sorted = cpus.ToArray();
        Array.Sort(sorted);
        var text = new StringBuilder();
        for (int i = 0; i < sorted.Length;)
        {
            int start = sorted[i], end = start;
            while (++i < sorted.Length && sorted[i] <= end + 1)
                end = sorted[i];
            if (text.Length > 0) text.Append(',');
            text.Append(start.ToString(CultureInfo.InvariantCulture));
            if (end != start) text.Append('-').Append(end.ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static int Number(string digits, string part)
    {
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) || cpu > MaxCpu)
            throw new FormatException($"'{part}' is not a CPU number or range of 0..{MaxCpu}");
        return cpu;
    }
}

/// <summary>The CPUs the Linux kernel reports in /sys/devices/system/cpu: online, isolated (isolcpus=), nohz_full.</summary>
public static class CpuTopology
{
    private const string Root = "/sys/devices/system/cpu/";

    /// <summary>The online CPUs; where the file is missing (not Linux), 0..ProcessorCount-1.</summary>
    public static int[] Online() => Read(Root + "online") ?? Sequence(Environment.ProcessorCount);

    /// <summary>The CPUs isolated from the scheduler by the isolcpus= boot option; empty when none or unknown.</summary>
    public static int[] Isolated() => Read(Root + "isolated") ?? Array.Empty<int>();

    /// <summary>The CPUs in full dynticks mode (nohz_full= boot option); empty when none or unknown.</summary>
    public static int[] NohzFull() => Read(Root + "nohz_full") ?? Array.Empty<int>();

    /// <summary>The CPU list in <paramref name="path"/>, or null when the file does not exist or cannot be read.</summary>
    public static int[]? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The kernel writes "(null)" for an unset nohz_full on some versions.
        return text.Trim() == "(null)" ? Array.Empty<int>() : CpuList.Parse(text);
    }

    private static int[] Sequence(int count)
    {
        var cpus = new int[count];
        for (int i = 0; i < count; i++) cpus[i] = i;
        return cpus;
    }
}
