using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace VeloZ.Time;

/// <summary>
/// Estimates, per venue, how an exchange's clock relates to the local one, from request/response
/// samples (exchange timestamp, local send time, local receive time). Each sample's offset is read at
/// the midpoint of its round trip, so its error is at most half the round trip's asymmetry. The
/// estimate is anchored on the lowest-round-trip sample of a sliding window; the drift is the slope
/// between the lowest-round-trip samples of the window's oldest and newest thirds, shrunk toward zero
/// when those two samples' round trips are large against the time between them.
/// </summary>
/// <remarks>
/// <see cref="TryAddSample"/> has a single writer. <see cref="TryToExchange"/>,
/// <see cref="TryToLocal"/>, <see cref="TryGetStats"/> and <see cref="VenueCount"/> may run on any
/// thread at the same time: each venue's estimate is published through a sequence lock, and readers
/// neither block nor allocate. A path asymmetry that every sample shares (a slower way in than out)
/// cannot be seen from round trips and biases the offset by half of it.
/// </remarks>
public sealed class TimeSync
{
    /// <summary>Default for the venue capacity.</summary>
    public const int DefaultMaxVenues = 64;
    /// <summary>Largest venue capacity.</summary>
    public const int MaxMaxVenues = 4096;
    /// <summary>Default samples per venue in the sliding window.</summary>
    public const int DefaultWindow = 64;
    /// <summary>Largest window.</summary>
    public const int MaxWindow = 65536;
    /// <summary>The drift needs the window to hold at least this many samples (two per third); until then it is 0.</summary>
    public const int MinSamplesForDrift = 6;

    /// <summary>Scale of the drift prior (200 ppm: real oscillators stay well within it of each other); see <c>Publish</c>.</summary>
    internal const double DriftPrior = 200e-6;

    private const int EmptyKey = -1;

    // Open addressing, linear probing, at most half full. Keys are written last (release) and never
    // removed, so a reader that finds a key finds its slot and a published estimate behind it.
    private readonly int[] _keys;
    private readonly int[] _slotOfKey;
    private readonly int _hashShift;
    private readonly Estimate[] _estimates;
    private readonly MinRoundTripWindow?[] _windows;
    private int _venueCount;

    /// <summary>One venue's published estimate, guarded by <see cref="Sequence"/> (odd while the writer updates it).</summary>
    private struct Estimate
    {
        public int Sequence;
        public long ReferenceLocal;
        public long ReferenceOffset;
        public double Drift;
        public long BestRoundTrip;
        public long SampleCount;
        public long LastSample;
    }

    /// <summary>Creates an empty estimator.</summary>
    /// <param name="maxVenues">Distinct venues it can hold, 1..<see cref="MaxMaxVenues"/>.</param>
    /// <param name="window">Samples per venue in the sliding window, 1..<see cref="MaxWindow"/>. Memory is about 48 bytes per sample per venue, allocated when a venue first appears.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range.</exception>
    public TimeSync(int maxVenues = DefaultMaxVenues, int window = DefaultWindow)
    {
        if (maxVenues < 1 || maxVenues > MaxMaxVenues)
            throw new SettingOutOfRangeException(nameof(TimeSync), "MaxVenues", maxVenues, $"must be 1..{MaxMaxVenues} (default {DefaultMaxVenues})");
        if (window < 1 || window > MaxWindow)
            throw new SettingOutOfRangeException(nameof(TimeSync), "Window", window, $"must be 1..{MaxWindow} (default {DefaultWindow})");
        MaxVenues = maxVenues;
        Window = window;
        int tableBits = 1;
        while ((1 << tableBits) < 2 * maxVenues)
            tableBits++;
        _hashShift = 32 - tableBits;
        _keys = new int[1 << tableBits];
        _keys.AsSpan().Fill(EmptyKey);
        _slotOfKey = new int[1 << tableBits];
        _estimates = new Estimate[maxVenues];
        _windows = new MinRoundTripWindow?[maxVenues];
    }

    /// <summary>Distinct venues it can hold.</summary>
    public int MaxVenues { get; }

    /// <summary>Samples per venue in the sliding window.</summary>
    public int Window { get; }

    /// <summary>Venues registered so far. Any thread.</summary>
    public int VenueCount => Volatile.Read(ref _venueCount);

    /// <summary>
    /// Adds one request/response sample for <paramref name="venue"/>, registering the venue on its
    /// first sample. Returns false, changing nothing, when the venue is new and <see cref="MaxVenues"/>
    /// are already registered. Single writer: at most one thread may call this at a time. O(1)
    /// amortized; allocates only when it registers a venue.
    /// </summary>
    /// <param name="venue">Any non-negative id.</param>
    /// <param name="exchangeNanoseconds">The exchange's timestamp in the response.</param>
    /// <param name="localSendNanoseconds">Local time the request left.</param>
    /// <param name="localReceiveNanoseconds">Local time the response arrived; not before <paramref name="localSendNanoseconds"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The venue is negative, the receive time precedes the send time, or the round trip or offset does not fit in 64 bits. Nothing is changed.</exception>
    public bool TryAddSample(int venue, long exchangeNanoseconds, long localSendNanoseconds, long localReceiveNanoseconds)
    {
        if (venue < 0)
            throw new ArgumentOutOfRangeException(nameof(venue), venue, "venue must be >= 0");
        if (localReceiveNanoseconds < localSendNanoseconds)
            throw new ArgumentOutOfRangeException(nameof(localReceiveNanoseconds), localReceiveNanoseconds, $"receive time must not precede send time {localSendNanoseconds}");
        long roundTrip = localReceiveNanoseconds - localSendNanoseconds;
        if (roundTrip < 0)
            throw new ArgumentOutOfRangeException(nameof(localReceiveNanoseconds), localReceiveNanoseconds, $"round trip from {localSendNanoseconds} does not fit in 64 bits");
        long middle = localSendNanoseconds + roundTrip / 2;
        long offset = exchangeNanoseconds - middle;
        if (((exchangeNanoseconds ^ middle) & (exchangeNanoseconds ^ offset)) < 0)
            throw new ArgumentOutOfRangeException(nameof(exchangeNanoseconds), exchangeNanoseconds, $"offset to local time {middle} does not fit in 64 bits");

        int slot = FindSlot(venue);
        MinRoundTripWindow window;
        if (slot < 0)
        {
            if (_venueCount == MaxVenues)
                return false;
            slot = _venueCount;
            window = new MinRoundTripWindow(Window);
            _windows[slot] = window;
        }
        else
        {
            window = _windows[slot]!;
        }

        window.Add(middle, offset, roundTrip);
        Publish(ref _estimates[slot], window, localReceiveNanoseconds);

        if (slot == _venueCount)
            Register(venue, slot);
        return true;
    }

    /// <summary>
    /// Converts a local time to the venue's clock: <c>local + offset + drift × (local − reference)</c>.
    /// Returns false when the venue has no samples. Any thread, wait-free in practice (a reader
    /// retries only while the writer is mid-update), no allocation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The venue is negative or the result does not fit in 64 bits.</exception>
    public bool TryToExchange(int venue, long localNanoseconds, out long exchangeNanoseconds)
    {
        int slot = FindSlotChecked(venue);
        if (slot < 0)
        {
            exchangeNanoseconds = 0;
            return false;
        }
        Read(ref _estimates[slot], out long referenceLocal, out long referenceOffset, out double drift);
        double correction = Math.Round(drift * Difference(localNanoseconds, referenceLocal));
        if (!TryAdd(localNanoseconds, referenceOffset, correction, out exchangeNanoseconds))
            throw new ArgumentOutOfRangeException(nameof(localNanoseconds), localNanoseconds, $"exchange time for venue {venue} does not fit in 64 bits");
        return true;
    }

    /// <summary>
    /// Converts a venue timestamp to local time (the inverse of <see cref="TryToExchange"/>, to within
    /// a nanosecond of rounding). Returns false when the venue has no samples. Any thread, wait-free
    /// in practice, no allocation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The venue is negative or the result does not fit in 64 bits.</exception>
    public bool TryToLocal(int venue, long exchangeNanoseconds, out long localNanoseconds)
    {
        int slot = FindSlotChecked(venue);
        if (slot < 0)
        {
            localNanoseconds = 0;
            return false;
        }
        Read(ref _estimates[slot], out long referenceLocal, out long referenceOffset, out double drift);
        // exchange = local + offset + drift (local - ref)  =>  local - ref = (exchange - ref - offset) / (1 + drift)
        // Remove the offset first: exchange times may use another epoch, and only the final
        // difference is small enough to be exact as a double.
        long shifted = exchangeNanoseconds - referenceOffset;
        double unshifted = ((exchangeNanoseconds ^ referenceOffset) & (exchangeNanoseconds ^ shifted)) < 0
            ? (double)exchangeNanoseconds - referenceOffset - referenceLocal
            : Difference(shifted, referenceLocal);
        double sinceReference = Math.Round(unshifted / (1 + drift));
        if (!TryAdd(referenceLocal, 0, sinceReference, out localNanoseconds))
            throw new ArgumentOutOfRangeException(nameof(exchangeNanoseconds), exchangeNanoseconds, $"local time for venue {venue} does not fit in 64 bits");
        return true;
    }

    /// <summary>A consistent snapshot of the venue's estimate; false when the venue has no samples. Any thread, wait-free in practice, no allocation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The venue is negative.</exception>
    public bool TryGetStats(int venue, out TimeSyncStats stats)
    {
        int slot = FindSlotChecked(venue);
        if (slot < 0)
        {
            stats = default;
            return false;
        }
        ref Estimate estimate = ref _estimates[slot];
        long referenceLocal, referenceOffset, bestRoundTrip, sampleCount, lastSample;
        double drift;
        var spinner = new SpinWait();
        while (true)
        {
            int before = Volatile.Read(ref estimate.Sequence);
            referenceLocal = Volatile.Read(ref estimate.ReferenceLocal);
            referenceOffset = Volatile.Read(ref estimate.ReferenceOffset);
            drift = Volatile.Read(ref estimate.Drift);
            bestRoundTrip = Volatile.Read(ref estimate.BestRoundTrip);
            sampleCount = Volatile.Read(ref estimate.SampleCount);
            lastSample = Volatile.Read(ref estimate.LastSample);
            if ((before & 1) == 0 && Volatile.Read(ref estimate.Sequence) == before)
                break;
            spinner.SpinOnce(sleep1Threshold: -1);
        }
        long offsetAtLast = referenceOffset + (long)Math.Round(drift * Difference(lastSample, referenceLocal));
        stats = new TimeSyncStats(venue, offsetAtLast, bestRoundTrip, drift * 1e6, sampleCount, lastSample);
        return true;
    }

    // Writer only. Sequence lock: odd while writing. Every field store is a release and every field
    // load in Read an acquire, so a reader that sees any new field also sees the odd sequence after it.
    private static void Publish(ref Estimate estimate, MinRoundTripWindow window, long receive)
    {
        double drift = 0;
        if (window.Length >= MinSamplesForDrift)
        {
            long older = window.BestOfOldestThird;
            long newer = window.BestOfNewestThird;
            double elapsed = Difference(window.MiddleOf(newer), window.MiddleOf(older));
            if (elapsed > 0)
            {
                double measured = Difference(window.OffsetOf(newer), window.OffsetOf(older)) / elapsed;
                // A sample's true offset lies within half its round trip of the midpoint estimate,
                // so the slope is only known to (rtt_old + rtt_new) / 2 / elapsed. Combine it with a
                // Gaussian prior of real oscillators (MAP): a slope through two noisy anchors close
                // in time shrinks toward zero instead of tilting everything projected with it.
                double uncertainty = ((double)window.RoundTripOf(older) + window.RoundTripOf(newer)) / 2 / elapsed;
                double prior2 = DriftPrior * DriftPrior, uncertainty2 = uncertainty * uncertainty;
                drift = measured * (prior2 / (prior2 + uncertainty2));
            }
        }
        long best = window.BestOfWindow;
        long sampleCount = estimate.SampleCount + 1;
        long lastSample = sampleCount == 1 ? receive : Math.Max(estimate.LastSample, receive);
        int sequence = estimate.Sequence;
        Volatile.Write(ref estimate.Sequence, sequence + 1);
        Volatile.Write(ref estimate.ReferenceLocal, window.MiddleOf(best));
        Volatile.Write(ref estimate.ReferenceOffset, window.OffsetOf(best));
        Volatile.Write(ref estimate.Drift, drift);
        Volatile.Write(ref estimate.BestRoundTrip, window.RoundTripOf(best));
        Volatile.Write(ref estimate.SampleCount, sampleCount);
        Volatile.Write(ref estimate.LastSample, lastSample);
        Volatile.Write(ref estimate.Sequence, sequence + 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Read(ref Estimate estimate, out long referenceLocal, out long referenceOffset, out double drift)
    {
        while (true)
        {
            int before = Volatile.Read(ref estimate.Sequence);
            referenceLocal = Volatile.Read(ref estimate.ReferenceLocal);
            referenceOffset = Volatile.Read(ref estimate.ReferenceOffset);
            drift = Volatile.Read(ref estimate.Drift);
            if ((before & 1) == 0 && Volatile.Read(ref estimate.Sequence) == before)
                return;
            ReadContended();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadContended() => Thread.SpinWait(8);

    // a - b as a double, exact while it fits in 53 bits. Unix-epoch times (~1.7e18) must never be
    // converted to double before subtracting: their spacing there is 256 ns.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Difference(long a, long b)
    {
        long difference = a - b;
        bool overflowed = ((a ^ b) & (a ^ difference)) < 0;
        return overflowed ? (double)a - b : difference;
    }

    // value + offset + correction, or false when it leaves the long range.
    private static bool TryAdd(long value, long offset, double correction, out long result)
    {
        // The correction is a rounded double; beyond ±2^62 the sum cannot be trusted to fit.
        if (!(Math.Abs(correction) < 4.6e18))
        {
            result = 0;
            return false;
        }
        long sum = value + offset;
        if (((value ^ sum) & (offset ^ sum)) < 0)
        {
            result = 0;
            return false;
        }
        long correctionTicks = (long)correction;
        result = sum + correctionTicks;
        if (((sum ^ result) & (correctionTicks ^ result)) < 0)
        {
            result = 0;
            return false;
        }
        return true;
    }

    private void Register(int venue, int slot)
    {
        int index = Hash(venue);
        while (_keys[index] != EmptyKey)
            index = (index + 1) & (_keys.Length - 1);
        _slotOfKey[index] = slot;
        // Release: a reader that sees the key sees the slot and the estimate published above.
        Volatile.Write(ref _keys[index], venue);
        Volatile.Write(ref _venueCount, slot + 1);
    }

    private int FindSlotChecked(int venue)
    {
        if (venue < 0)
            throw new ArgumentOutOfRangeException(nameof(venue), venue, "venue must be >= 0");
        return FindSlot(venue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int FindSlot(int venue)
    {
        int[] keys = _keys;
        int index = Hash(venue);
        while (true)
        {
            int key = Volatile.Read(ref keys[index]);
            if (key == venue)
                return _slotOfKey[index];
            if (key == EmptyKey)
                return -1;
            index = (index + 1) & (keys.Length - 1);
        }
    }

    // Fibonacci hashing: consecutive ids (the common case) land far apart.
    private int Hash(int venue) => (int)(((uint)venue * 0x9E3779B9u) >> _hashShift);
}
