using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;

namespace VeloZ.Time;

/// <summary>
/// A wall clock (Unix-epoch nanoseconds) read from the CPU's time-stamp counter: one <c>rdtsc</c>, a
/// multiply and an add, about half the cost of <see cref="Stopwatch.GetTimestamp"/>. Ticks are mapped
/// to time by a piecewise-linear function fitted to CLOCK_REALTIME through narrow
/// (ticks, realtime, ticks) sandwiches. <see cref="Calibrate"/> re-measures and joins the new line
/// onto the old one by slewing, so the clock never steps backwards. Without an invariant TSC (or off
/// x86-64 Linux) the same machinery runs on the OS monotonic clock instead.
/// </summary>
/// <remarks>
/// Reads are wait-free and allocate nothing. The first use of <see cref="Shared"/> costs about a
/// millisecond (the initial frequency baseline). That frequency is only as good as two sandwiches
/// over 1 ms allow: typically within a ppm (0.4 ppm measured on a 2.6 GHz EPYC), at worst some tens
/// of ppm, i.e. microseconds per second. Call <see cref="Calibrate"/> periodically (once a second to
/// once a minute, from a housekeeping thread): each call measures against anchors up to a minute old,
/// which brings the frequency error far below 0.01 ppm and follows NTP's corrections of realtime
/// (calibrated every second, the clock stayed within 17 ns of CLOCK_REALTIME on that machine).
/// </remarks>
public sealed unsafe class TscClock
{
    private const int MaxSegments = 8;
    private const int StartupSandwiches = 64;
    private const int CalibrationSandwiches = 128;
    // The startup frequency comes from two anchors this far apart: long enough that two ~20 ns
    // sandwiches bound it to a few tens of ppm, short enough that the first call stays around 1 ms.
    private const long StartupBaselineNanoseconds = 1_000_000;
    // A calibration changes the mapping only from this far in the future. Readers that loaded the
    // old parameters just before the swap evaluate ticks earlier than that, where old and new agree.
    private const long JoinDelayNanoseconds = 200_000;
    private const int HistoryCapacity = 64;
    private const long HistorySpacingNanoseconds = 1_000_000_000;
    // Frequency is measured against the oldest anchor at most this old: long baselines make the
    // sandwich noise negligible, and a minute still follows NTP's frequency corrections.
    private const long MaxBaselineNanoseconds = 60_000_000_000;
    private const long MinBaselineNanoseconds = 100_000;
    // A frequency change beyond this is not the counter drifting but realtime being stepped.
    private const double StepTolerance = 1000e-6;

    private static int s_nextId;
    private static readonly TscClock s_shared = Create(ClockSource.Tsc);


    private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong> _readTsc;
    private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong> _readTscOrdered;
    private readonly int _id;
    private ClockParameters _parameters;

    // Calibration state: touched only under _gate.
    private readonly Lock _gate = new();
    private readonly ClockAnchor[] _history = new ClockAnchor[HistoryCapacity];
    private int _historyStart;
    private int _historyCount;
    private double _nanosecondsPerTick;

    private TscClock(bool useTsc)
    {
        _id = Interlocked.Increment(ref s_nextId);
        if (useTsc)
        {
            _readTsc = TscReader.Read;
            _readTscOrdered = TscReader.ReadOrdered;
        }
        Source = useTsc ? ClockSource.Tsc : ClockSource.Os;

        ClockAnchor anchor = MeasureAnchor(StartupSandwiches);
        double nanosecondsPerTick = 1.0;
        if (useTsc)
        {
            ClockAnchor first = anchor;
            long spinStart = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(spinStart).Ticks * 100 < StartupBaselineNanoseconds)
                Thread.SpinWait(16);
            anchor = MeasureAnchor(StartupSandwiches);
            double measured = (anchor.WallNanoseconds - first.WallNanoseconds) / (double)(long)(anchor.Ticks - first.Ticks);
            nanosecondsPerTick = ChooseStartupNanosecondsPerTick(measured, ReadKernelTscKilohertz());
            // 10 MHz .. 100 GHz; anything else means realtime jumped during the baseline.
            if (!(nanosecondsPerTick > 0.01 && nanosecondsPerTick < 100))
                throw new InvalidOperationException($"clock calibration: implausible TSC period {nanosecondsPerTick} ns");
            AppendHistory(first);
        }
        _nanosecondsPerTick = nanosecondsPerTick;
        _parameters = new ClockParameters(
            [new ClockSegment(anchor.Ticks, anchor.WallNanoseconds, nanosecondsPerTick)],
            1e9 / nanosecondsPerTick, anchor.WallNanoseconds, ErrorOf(anchor, nanosecondsPerTick), calibrationCount: 1);
    }

    /// <summary>The process-wide clock: the TSC when it is invariant and readable, else the OS clock. Created (and calibrated, ~1 ms) on first use.</summary>
    public static TscClock Shared => s_shared;

    /// <summary>
    /// Creates and calibrates a clock (~1 ms for the TSC). <paramref name="preferred"/> =
    /// <see cref="ClockSource.Os"/> always gives the OS clock; <see cref="ClockSource.Tsc"/> gives the
    /// TSC when the CPU reports it invariant and it can be read, otherwise the OS clock: check
    /// <see cref="Source"/>. Most code should use <see cref="Shared"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="preferred"/> is not a <see cref="ClockSource"/>.</exception>
    public static TscClock Create(ClockSource preferred)
    {
        if (preferred is not (ClockSource.Os or ClockSource.Tsc))
            throw new ArgumentOutOfRangeException(nameof(preferred), preferred, "clock source must be Os or Tsc");
        if (preferred == ClockSource.Tsc && TscReader.IsAvailable && TscReader.IsInvariant)
        {
            try
            {
                return new TscClock(useTsc: true);
            }
            catch (InvalidOperationException)
            {
                // Realtime jumped during the startup baseline; the OS clock needs no frequency.
            }
        }
        return new TscClock(useTsc: false);
    }

    /// <summary>Where this clock's ticks come from.</summary>
    public ClockSource Source { get; }

    /// <summary>The raw counter: TSC ticks, or OS monotonic nanoseconds. Any thread, wait-free.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadTicks()
    {
        var readTsc = _readTsc;
        return readTsc != null ? readTsc() : OsTicks();
    }

    /// <summary>
    /// Now, in Unix-epoch nanoseconds. Any thread, wait-free, no allocation. Successive calls on one
    /// thread never decrease. (The mapping is monotone by construction; a per-thread last value also
    /// clamps the two cases construction cannot rule out: a thread moved to a CPU whose counter lags,
    /// and a calibrating thread stalled for over 100 µs while publishing. The per-thread value belongs
    /// to the clock the thread read last, so interleaving two clocks on one thread keeps only the
    /// construction's guarantee.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long NowNanoseconds()
    {
        // Ticks first, then parameters: x86 retires loads in order, so the parameters used are at
        // least as new as those current when the counter was read, which the join delay relies on.
        ulong ticks = ReadTicks();
        long nanoseconds = Volatile.Read(ref _parameters).ToNanoseconds(ticks);
        if (LastReading.ClockId == _id)
            nanoseconds = Math.Max(nanoseconds, LastReading.Nanoseconds);
        else
            LastReading.ClockId = _id;
        LastReading.Nanoseconds = nanoseconds;
        return nanoseconds;
    }

    /// <summary>
    /// The Unix-epoch nanoseconds of a reading from <see cref="ReadTicks"/>, with the current
    /// calibration. Any thread, wait-free. Non-decreasing in <paramref name="ticks"/>; readings older
    /// than the last few calibrations are converted by extending the oldest line kept.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long TicksToNanoseconds(ulong ticks) => Volatile.Read(ref _parameters).ToNanoseconds(ticks);

    /// <summary>
    /// Re-measures the clock against CLOCK_REALTIME (about 10 µs of sandwiches), refines the TSC
    /// frequency over a baseline of up to a minute, and slews onto the new line starting 200 µs from
    /// now (at most 500 ppm; a clock more than 1 ms behind steps forward, one more than 1 ms ahead
    /// slews at 5%). Never makes <see cref="NowNanoseconds"/> go backwards. Thread-safe; readers are
    /// never blocked. Allocates a little (one parameter object).
    /// </summary>
    public void Calibrate()
    {
        lock (_gate)
        {
            ClockAnchor anchor = MeasureAnchor(CalibrationSandwiches);
            if (_readTsc != null)
                _nanosecondsPerTick = EstimateNanosecondsPerTick(anchor);
            double nanosecondsPerTick = _nanosecondsPerTick;
            var target = new ClockSegment(anchor.Ticks, anchor.WallNanoseconds, nanosecondsPerTick);
            ClockParameters current = _parameters;
            ulong joinDelay = (ulong)(JoinDelayNanoseconds / nanosecondsPerTick);
            for (int attempt = 0; ; attempt++)
            {
                ulong join = ReadTicksOrdered() + joinDelay;
                var next = new ClockParameters(
                    SlewPlanner.Plan(current.Segments, join, target, MaxSegments),
                    1e9 / nanosecondsPerTick, anchor.WallNanoseconds, ErrorOf(anchor, nanosecondsPerTick), current.CalibrationCount + 1);
                // Publish only while the join is still half the delay ahead; if this thread was
                // descheduled in between, plan again from a later join.
                if (ReadTicksOrdered() + joinDelay / 2 < join || attempt == 3)
                {
                    Volatile.Write(ref _parameters, next);
                    return;
                }
            }
        }
    }

    /// <summary>A consistent snapshot of the calibration. Thread-safe, wait-free.</summary>
    public ClockInfo GetInfo()
    {
        ClockParameters parameters = Volatile.Read(ref _parameters);
        return new ClockInfo(Source, TscReader.IsInvariant, parameters.TicksPerSecond,
            parameters.CalibratedAtNanoseconds, parameters.ErrorNanoseconds, parameters.CalibrationCount);
    }

    /// <inheritdoc/>
    public override string ToString() => GetInfo().ToString();

    /// <summary>The current mapping, for tests.</summary>
    internal ClockParameters Parameters => Volatile.Read(ref _parameters);

    /// <summary><see cref="NowNanoseconds"/> without the per-thread clamp, for tests and benchmarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long NowNanosecondsUnclamped() => Volatile.Read(ref _parameters).ToNanoseconds(ReadTicks());

    /// <summary>
    /// The startup period: the kernel's TSC frequency when it publishes one (1 kHz resolution, better
    /// than a 1 ms baseline) and agrees with <paramref name="measured"/> to 500 ppm, else the measurement.
    /// </summary>
    internal static double ChooseStartupNanosecondsPerTick(double measured, long kernelKilohertz)
    {
        if (kernelKilohertz <= 0)
            return measured;
        double kernel = 1e6 / kernelKilohertz;
        return Math.Abs(kernel / measured - 1) <= 500e-6 ? kernel : measured;
    }

    private static long ReadKernelTscKilohertz()
    {
        // Published by some kernels (and patched distributions); absent here is normal.
        const string path = "/sys/devices/system/cpu/cpu0/tsc_freq_khz";
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists(path)
                && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long kilohertz))
                return kilohertz;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong OsTicks()
    {
        long timestamp = Stopwatch.GetTimestamp();
        // Linux: the frequency is 1e9 and this folds away.
        if (Stopwatch.Frequency == 1_000_000_000)
            return (ulong)timestamp;
        return (ulong)((Int128)timestamp * 1_000_000_000 / Stopwatch.Frequency);
    }

    private ulong ReadTicksOrdered()
    {
        var readTscOrdered = _readTscOrdered;
        return readTscOrdered != null ? readTscOrdered() : OsTicks();
    }

    private ClockAnchor MeasureAnchor(int attempts)
    {
        if (_readTscOrdered != null)
        {
            var source = new TscAnchorSource(_readTscOrdered);
            return AnchorSampler.Measure(ref source, attempts);
        }
        var osSource = new OsAnchorSource();
        return AnchorSampler.Measure(ref osSource, attempts);
    }

    private static long ErrorOf(ClockAnchor anchor, double nanosecondsPerTick) => (long)Math.Ceiling(anchor.GapTicks * nanosecondsPerTick / 2);

    // Under _gate. Measures the period against the oldest anchor at most a minute old and records
    // the new anchor (at most one per second, so the history spans a minute).
    private double EstimateNanosecondsPerTick(ClockAnchor now)
    {
        double current = _nanosecondsPerTick;
        double result = current;
        if (_historyCount > 0)
        {
            ClockAnchor reference = HistoryAt(_historyCount - 1);
            for (int i = 0; i < _historyCount; i++)
            {
                if (now.WallNanoseconds - HistoryAt(i).WallNanoseconds <= MaxBaselineNanoseconds)
                {
                    reference = HistoryAt(i);
                    break;
                }
            }
            long baseline = now.WallNanoseconds - reference.WallNanoseconds;
            long ticks = (long)(now.Ticks - reference.Ticks);
            if (baseline <= 0 || ticks <= 0)
            {
                // Realtime went back (or the counter did): the old anchors describe another timeline.
                _historyCount = 0;
            }
            else if (baseline >= MinBaselineNanoseconds)
            {
                double measured = baseline / (double)ticks;
                if (Math.Abs(measured / current - 1) > StepTolerance)
                    _historyCount = 0;
                else
                    result = measured;
            }
        }
        if (_historyCount == 0 || now.WallNanoseconds - HistoryAt(_historyCount - 1).WallNanoseconds >= HistorySpacingNanoseconds)
            AppendHistory(now);
        return result;
    }

    private ClockAnchor HistoryAt(int index) => _history[(_historyStart + index) % HistoryCapacity];

    private void AppendHistory(ClockAnchor anchor)
    {
        if (_historyCount == HistoryCapacity)
        {
            _historyStart = (_historyStart + 1) % HistoryCapacity;
            _historyCount--;
        }
        _history[(_historyStart + _historyCount) % HistoryCapacity] = anchor;
        _historyCount++;
    }

    /// <summary>
    /// Per thread: the last value this thread got, and from which clock, to clamp against (see
    /// <see cref="NowNanoseconds"/>). Primitives in a class without a static constructor: that is the
    /// runtime's cheapest thread-static access (a struct would be boxed; a class with static
    /// initializers, like TscClock, adds an indexed lookup per access).
    /// </summary>
    private static class LastReading
    {
        [ThreadStatic] public static long Nanoseconds;
        [ThreadStatic] public static int ClockId;
    }

    private readonly struct TscAnchorSource(delegate* unmanaged[Cdecl, SuppressGCTransition]<ulong> readOrdered) : IAnchorSource
    {
        public ulong ReadTicksOrdered() => readOrdered();
        public long ReadWallNanoseconds() => Libc.RealtimeNanoseconds();
    }

    private readonly struct OsAnchorSource : IAnchorSource
    {
        // clock_gettime orders its own counter read (the vDSO uses lfence; rdtsc).
        public ulong ReadTicksOrdered() => OsTicks();
        public long ReadWallNanoseconds() => Libc.RealtimeNanoseconds();
    }
}
