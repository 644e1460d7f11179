using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HdrHistogram;
using Histogram = VeloZ.Metrics.Histogram;

namespace VeloZ.Benchmarks.Metrics;

/// <summary>
/// The histogram (the baseline of each category) against two peers, in the same run on the same values:
/// <c>*_HdrHistogramPeer</c>, HdrHistogram.NET's <see cref="LongHistogram"/> (NuGet HdrHistogram 2.5.0; one
/// writer, no synchronization, the same contract as ours; the same configuration: lowest 1, highest one hour in
/// ns, 3 significant digits), and <c>*_SortedArrayPeer</c>, which keeps every sample in a preallocated array and
/// sorts a copy to answer a percentile. Record costs are per value: each invocation records a 4096-value stream.
/// HdrHistogram has no batch API, so its RecordBatch row is its best equivalent, a loop over RecordValue.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HistogramBenchmarks
{
    private const int StreamLength = 4096;
    private const int FilledCount = 65_536;

    private long[] _stream = Array.Empty<long>();
    private Histogram _histogram = new();
    private LongHistogram _peer = NewPeer();
    private long[] _samples = Array.Empty<long>();
    private int _sampleCount;

    private Histogram _filled = new();
    private LongHistogram _filledPeer = NewPeer();
    private long[] _filledSamples = Array.Empty<long>();
    private long[] _scratch = Array.Empty<long>();

    [GlobalSetup]
    public void Setup()
    {
        // Latency-shaped values, drawn once: log-normal around 20 µs plus 0.5% outliers up to 10 s.
        var random = new Random(42);
        _stream = new long[StreamLength];
        for (int i = 0; i < _stream.Length; i++)
            _stream[i] = Latency(random);
        _histogram = new Histogram();
        _peer = NewPeer();
        _samples = new long[1 << 20];

        _filled = new Histogram();
        _filledPeer = NewPeer();
        _filledSamples = new long[FilledCount];
        for (int i = 0; i < FilledCount; i++)
        {
            _filledSamples[i] = Latency(random);
            _filled.Record(_filledSamples[i]);
            _filledPeer.RecordValue(_filledSamples[i]);
        }
        _scratch = new long[FilledCount];
    }

    // Configured as ours: Histogram() is 1 .. DefaultHighestTrackableValue at DefaultSignificantDigits.
    private static LongHistogram NewPeer() =>
        new(Histogram.DefaultLowestTrackableValue, Histogram.DefaultHighestTrackableValue, Histogram.DefaultSignificantDigits);

    private static long Latency(Random random)
    {
        if (random.NextDouble() < 0.005)
            return (long)Math.Pow(10, 5 + 5 * random.NextDouble());
        double normal = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        return (long)Math.Exp(Math.Log(20_000) + 0.6 * normal);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("Record")]
    public void Record()
    {
        Histogram histogram = _histogram;
        long[] stream = _stream;
        for (int i = 0; i < stream.Length; i++)
            histogram.Record(stream[i]);
    }

    [Benchmark(OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("Record")]
    public void Record_HdrHistogramPeer()
    {
        LongHistogram peer = _peer;
        long[] stream = _stream;
        for (int i = 0; i < stream.Length; i++)
            peer.RecordValue(stream[i]);
    }

    [Benchmark(OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("Record")]
    public void Record_SortedArrayPeer()
    {
        // The peer's record: append to a preallocated array (wrapping, so it never grows).
        long[] samples = _samples;
        long[] stream = _stream;
        int count = _sampleCount;
        for (int i = 0; i < stream.Length; i++)
            samples[count++ & (samples.Length - 1)] = stream[i];
        _sampleCount = count;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("RecordBatch")]
    public void RecordBatch() => _histogram.RecordBatch(_stream);

    [Benchmark(OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("RecordBatch")]
    // No batch API in HdrHistogram.NET (RecordValueWithCount repeats one value): its loop over RecordValue.
    public void RecordBatch_HdrHistogramPeer() => Record_HdrHistogramPeer();

    [Benchmark(OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("RecordBatch")]
    public void RecordBatch_SortedArrayPeer()
    {
        int start = _sampleCount & (_samples.Length - 1) & ~(StreamLength - 1);
        _stream.AsSpan().CopyTo(_samples.AsSpan(start));
        _sampleCount = start + StreamLength;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ValueAtPercentile99.9")]
    public long ValueAtPercentile() => _filled.ValueAtPercentile(99.9);

    [Benchmark]
    [BenchmarkCategory("ValueAtPercentile99.9")]
    public long ValueAtPercentile_HdrHistogramPeer() => _filledPeer.GetValueAtPercentile(99.9);

    [Benchmark]
    [BenchmarkCategory("ValueAtPercentile99.9")]
    public long ValueAtPercentile_SortedArrayPeer()
    {
        // The peer keeps raw samples: a percentile is a sort of a copy and an index.
        _filledSamples.AsSpan().CopyTo(_scratch);
        Array.Sort(_scratch);
        return _scratch[(int)Math.Ceiling(0.999 * FilledCount) - 1];
    }
}
