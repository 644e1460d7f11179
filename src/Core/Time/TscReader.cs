using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace VeloZ.Time;

/// <summary>
/// Reads the x86 time-stamp counter. .NET has no rdtsc intrinsic, so at first use this maps one page,
/// writes two tiny functions into it, and flips it to read+execute (never writable and executable at
/// once). They are called through unmanaged function pointers with SuppressGCTransition: a plain
/// native call of about ten instructions, no stub, no GC frame. Anything unexpected (not x86-64, not
/// Linux, no libc, mmap refused, rdtsc disabled by prctl) leaves <see cref="IsAvailable"/> false and
/// the clock falls back to the OS source.
/// </summary>
internal static unsafe class TscReader
{
    // rdtsc; shl rdx,32; or rax,rdx; ret
    private static ReadOnlySpan<byte> ReadCode => [0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3];
    // lfence; then the same. lfence waits for all earlier instructions, so the counter is read after
    // them: calibration uses it to order a tick reading after a store or another clock read.
    private static ReadOnlySpan<byte> ReadOrderedCode => [0x0F, 0xAE, 0xE8, 0x0F, 0x31, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3];
    private const int OrderedOffset = 16;
    private const int PageSize = 4096;

    /// <summary>The unordered counter read (the hot path); null when unavailable.</summary>
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong> Read;

    /// <summary>The counter read after an lfence; null when unavailable.</summary>
    public static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong> ReadOrdered;

    /// <summary>CPUID 0x80000007 EDX bit 8: the counter ticks at a constant rate in all P-, C- and T-states.</summary>
    public static readonly bool IsInvariant;

    /// <summary>Why <see cref="Read"/> is null, for diagnostics; null when available.</summary>
    public static readonly string? UnavailableReason;

    public static bool IsAvailable => Read != null;

    static TscReader()
    {
        if (!X86Base.X64.IsSupported)
        {
            UnavailableReason = "not an x86-64 CPU";
            return;
        }
        if (X86Base.CpuId(unchecked((int)0x80000000), 0).Eax >= unchecked((int)0x80000007))
            IsInvariant = ((X86Base.CpuId(unchecked((int)0x80000007), 0).Edx >> 8) & 1) != 0;
        try
        {
            UnavailableReason = MapStub(out nint page);
            if (UnavailableReason is null)
            {
                Read = (delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong>)page;
                ReadOrdered = (delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong>)(page + OrderedOffset);
            }
        }
        catch (Exception e)
        {
            UnavailableReason = $"mapping the rdtsc stub failed: {e.Message}";
        }
    }

    private static string? MapStub(out nint page)
    {
        page = 0;
        if (!OperatingSystem.IsLinux())
            return "the rdtsc stub is only mapped on Linux";
        if (Libc.Mmap == null || Libc.Mprotect == null || Libc.Munmap == null)
            return "libc mmap/mprotect not found";
        // A process can make rdtsc fault (prctl PR_SET_TSC); then calling the stub would kill it.
        if (Libc.Prctl != null)
        {
            int tscMode = 0;
            if (Libc.Prctl(Libc.PrGetTsc, (nuint)(&tscMode), 0, 0, 0) == 0 && tscMode != Libc.PrTscEnable)
                return "rdtsc is disabled for this process (prctl PR_GET_TSC)";
        }
        nint mapped = Libc.Mmap(0, PageSize, Libc.ProtRead | Libc.ProtWrite, Libc.MapPrivate | Libc.MapAnonymous, -1, 0);
        if (mapped == -1 || mapped == 0)
            return "mmap of one read-write page failed";
        var code = new Span<byte>((void*)mapped, PageSize);
        code.Clear();
        ReadCode.CopyTo(code);
        ReadOrderedCode.CopyTo(code[OrderedOffset..]);
        if (Libc.Mprotect(mapped, PageSize, Libc.ProtRead | Libc.ProtExec) != 0)
        {
            Libc.Munmap(mapped, PageSize);
            return "mprotect to read+execute was refused (W^X policy?)";
        }
        // Smoke test: two readings must move forward.
        var read = (delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong>)mapped;
        ulong first = read();
        ulong second = read();
        if (first == 0 || second < first)
        {
            Libc.Munmap(mapped, PageSize);
            return $"the counter does not advance ({first}, {second})";
        }
        page = mapped;
        return null;
    }
}
