using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VeloZ.Queues;

namespace VeloZ.Benchmarks.Queues;

/// <summary>
/// One thread, a push followed by a pop, 1,024 times per invocation: the cost of the operations themselves with no
/// cache-line traffic between cores. Peers in the same run: bounded Channel with SingleReader/SingleWriter (the
/// baseline), ConcurrentQueue, BlockingCollection (TryAdd/TryTake) and Queue&lt;T&gt; (no thread safety at all, the
/// floor). SpscRecords8 / MpmcRecords8 are the byte-record queues of the C ABI with 8-byte records, in process, to show
/// what the record shape costs against the typed path over the same ring code.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class QueuePairBenchmarks
{
    private const int Pairs = 1024;

    private readonly SpscQueue<long> _spsc = new(1024);
    private readonly MpmcQueue<long> _mpmc = new(1024);
    private readonly SpscRecordQueue _spscRecords = new(8, 1024);
    private readonly MpmcRecordQueue _mpmcRecords = new(8, 1024);
    private readonly Channel<long> _channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentQueue<long> _concurrent = new();
    private readonly BlockingCollection<long> _blocking = new(new ConcurrentQueue<long>(), 1024);
    private readonly Queue<long> _queue = new(1024);

    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public long Spsc()
    {
        long sum = 0;
        for (long i = 0; i < Pairs; i++)
        {
            _spsc.TryPush(i);
            _spsc.TryPop(out long value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public unsafe long SpscRecords8()
    {
        long sum = 0, value;
        for (long i = 0; i < Pairs; i++)
        {
            _spscRecords.TryPush(&i);
            _spscRecords.TryPop(&value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public long Mpmc()
    {
        long sum = 0;
        for (long i = 0; i < Pairs; i++)
        {
            _mpmc.TryPush(i);
            _mpmc.TryPop(out long value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public unsafe long MpmcRecords8()
    {
        long sum = 0, value;
        for (long i = 0; i < Pairs; i++)
        {
            _mpmcRecords.TryPush(&i);
            _mpmcRecords.TryPop(&value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public long Channel_peer()
    {
        long sum = 0;
        for (long i = 0; i < Pairs; i++)
        {
            _channel.Writer.TryWrite(i);
            _channel.Reader.TryRead(out long value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public long ConcurrentQueue_peer()
    {
        long sum = 0;
        for (long i = 0; i < Pairs; i++)
        {
            _concurrent.Enqueue(i);
            _concurrent.TryDequeue(out long value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public long BlockingCollection_peer()
    {
        long sum = 0;
        for (long i = 0; i < Pairs; i++)
        {
            _blocking.TryAdd(i);
            _blocking.TryTake(out long value);
            sum += value;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPop")]
    public long QueueOfT_unsynchronized()
    {
        long sum = 0;
        for (long i = 0; i < Pairs; i++)
        {
            _queue.Enqueue(i);
            sum += _queue.Dequeue();
        }
        return sum;
    }

    /// <summary>Batches of 32 through the SPSC ring (one publish per batch each way), per value.</summary>
    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPopBatch")]
    public long Spsc_batch32()
    {
        System.Span<long> batch = stackalloc long[32];
        long sum = 0;
        for (int round = 0; round < Pairs / 32; round++)
        {
            for (int k = 0; k < 32; k++) batch[k] = round * 32 + k;
            _spsc.PushBatch(batch);
            int n = _spsc.PopBatch(batch);
            for (int k = 0; k < n; k++) sum += batch[k];
        }
        return sum;
    }

    /// <summary>Batches of 32 through the MPMC ring (one CAS per batch each way), per value.</summary>
    [Benchmark(OperationsPerInvoke = Pairs), BenchmarkCategory("PushPopBatch")]
    public long Mpmc_batch32()
    {
        System.Span<long> batch = stackalloc long[32];
        long sum = 0;
        for (int round = 0; round < Pairs / 32; round++)
        {
            for (int k = 0; k < 32; k++) batch[k] = round * 32 + k;
            _mpmc.PushBatch(batch);
            int n = _mpmc.PopBatch(batch);
            for (int k = 0; k < n; k++) sum += batch[k];
        }
        return sum;
    }

    /// <summary>The same 32 values one call at a time through the MPMC ring: the baseline the batch rows beat.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Pairs), BenchmarkCategory("PushPopBatch")]
    public long Mpmc_single32()
    {
        long sum = 0;
        for (int round = 0; round < Pairs / 32; round++)
        {
            for (long k = 0; k < 32; k++) _mpmc.TryPush(round * 32 + k);
            for (int k = 0; k < 32; k++) { _mpmc.TryPop(out long value); sum += value; }
        }
        return sum;
    }
}
