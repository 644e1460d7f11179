namespace VeloZ.Time;

/// <summary>A consistent snapshot of one venue's clock estimate, from <see cref="TimeSync.TryGetStats"/>.</summary>
public readonly struct TimeSyncStats
{
    /// <summary>Creates a snapshot; only <see cref="TimeSync"/> has reason to.</summary>
    public TimeSyncStats(int venue, long offsetNanoseconds, long bestRoundTripNanoseconds, double driftPpm, long sampleCount, long lastSampleNanoseconds)
    {
        Venue = venue;
        OffsetNanoseconds = offsetNanoseconds;
        BestRoundTripNanoseconds = bestRoundTripNanoseconds;
        DriftPpm = driftPpm;
        SampleCount = sampleCount;
        LastSampleNanoseconds = lastSampleNanoseconds;
    }

    /// <summary>The venue id.</summary>
    public int Venue { get; }

    /// <summary>Exchange time minus local time, estimated at <see cref="LastSampleNanoseconds"/>.</summary>
    public long OffsetNanoseconds { get; }

    /// <summary>The smallest round trip in the window: the sample the offset is anchored on.</summary>
    public long BestRoundTripNanoseconds { get; }

    /// <summary>How much faster the exchange clock runs than the local one, in parts per million: 0 until the window holds 6 samples, and shrunk toward 0 while the round trips are large against the window's time span.</summary>
    public double DriftPpm { get; }

    /// <summary>Samples ever accepted for this venue.</summary>
    public long SampleCount { get; }

    /// <summary>The latest local receive time of any accepted sample.</summary>
    public long LastSampleNanoseconds { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"venue {Venue}: offset {OffsetNanoseconds} ns, best rtt {BestRoundTripNanoseconds} ns, drift {DriftPpm:F3} ppm, {SampleCount} samples, last at {LastSampleNanoseconds}";
}
