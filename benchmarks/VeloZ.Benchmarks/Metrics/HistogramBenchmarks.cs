using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VeloZ.Metrics;

namespace VeloZ.Benchmarks.Metrics;

/// <summary>
/// The histogram against a sorted-array peer: keep every sample in a preallocated array, sort a copy to
/// answer a percentile. (The HdrHistogram NuGet package, the natural peer, is not in the package feed
/// available here.) Record costs are per value: each invocation records a 4096-value stream.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HistogramBenchmarks
{
    private const int StreamLength = 4096;
    private const int FilledCount = 65_536;

    private long[] _stream = Array.Empty<long>();
    private Histogram _histogram = new();
    private long[] _samples = Array.Empty<long>();
    private int _sampleCount;

    private Histogram _filled = new();
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
        _samples = new long[1 << 20];

        _filled = new Histogram();
        _filledSamples = new long[FilledCount];
        for (int i = 0; i < FilledCount; i++)
        {
            _filledSamples[i] = Latency(random);
            _filled.Record(_filledSamples[i]);
        }
        _scratch = new long[FilledCount];
    }

    private static long Latency(Random random)
    {
        if (random.NextDouble() < 0.005)
            return (long)Math.Pow(10, 5 + 5 * random.NextDouble());
        double normal = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        return (long)Math.Exp(Math.Log(20_000) + 0.6 * normal);
    }

    [Benchmark(OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("Record")]
    public void Record()
    {
        Histogram histogram = _histogram;
        long[] stream = _stream;
        for (int i = 0; i < stream.Length; i++)
            histogram.Record(stream[i]);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamLength)]
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

    [Benchmark(OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("RecordBatch")]
    public void RecordBatch() => _histogram.RecordBatch(_stream);

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamLength)]
    [BenchmarkCategory("RecordBatch")]
    public void RecordBatch_SortedArrayPeer()
    {
        int start = _sampleCount & (_samples.Length - 1) & ~(StreamLength - 1);
        _stream.AsSpan().CopyTo(_samples.AsSpan(start));
        _sampleCount = start + StreamLength;
    }

    [Benchmark]
    [BenchmarkCategory("ValueAtPercentile99.9")]
    public long ValueAtPercentile() => _filled.ValueAtPercentile(99.9);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ValueAtPercentile99.9")]
    public long ValueAtPercentile_SortedArrayPeer()
    {
        // The peer keeps raw samples: a percentile is a sort of a copy and an index.
        _filledSamples.AsSpan().CopyTo(_scratch);
        Array.Sort(_scratch);
        return _scratch[(int)Math.Ceiling(0.999 * FilledCount) - 1];
    }
}
