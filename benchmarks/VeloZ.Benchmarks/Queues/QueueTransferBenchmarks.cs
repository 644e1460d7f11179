using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VeloZ.Queues;

namespace VeloZ.Benchmarks.Queues;

/// <summary>
/// A two-thread transfer of 2^18 longs: the benchmark thread produces, a consumer thread started in the setup (one
/// per row, so only two threads spin at a time) pops and sums, and an invocation ends when the consumer has counted
/// every value. Cost per value. Peers in the same run: System.Threading.Channels bounded to the same capacity with
/// SingleReader/SingleWriter (TryWrite/TryRead, its fastest synchronous path; the baseline), ConcurrentQueue
/// (unbounded) and BlockingCollection (bounded, Add/TryTake). Every queue holds 1,024 values. The machine these rows
/// were measured on has 2 cores, so the producer and the consumer each own one.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class QueueTransferBenchmarks
{
    private const int Values = 1 << 18;
    private const int Capacity = 1024;
    private const int Batch = 64;

    private SpscQueue<long> _spsc = new(Capacity);
    private MpmcQueue<long> _mpmc = new(Capacity);
    private SpscRecordQueue _records = new(8, Capacity);
    private Channel<long> _channel = NewChannel();
    private ConcurrentQueue<long> _concurrent = new();
    private BlockingCollection<long> _blocking = new(new ConcurrentQueue<long>(), Capacity);
    private readonly long[] _producerBatch = new long[Batch];

    private Thread? _consumer;
    private volatile bool _stop;
    // Values counted by the consumer, published every 256 values and when it finds the queue empty, at index 16 of
    // its own array: alone on its cache lines, so the consumer's stores never evict the fields the producer reads.
    private readonly long[] _consumedBox = new long[32];
    private ref long Consumed => ref _consumedBox[16];
    private long _target;
    private long _checksum;

    private static Channel<long> NewChannel() => Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private void Start(ThreadStart consume)
    {
        _spsc = new SpscQueue<long>(Capacity, WaitStrategy.SpinThenPark);
        _mpmc = new MpmcQueue<long>(Capacity, WaitStrategy.SpinThenPark);
        _records = new SpscRecordQueue(8, Capacity);
        _channel = NewChannel();
        _concurrent = new ConcurrentQueue<long>();
        _blocking = new BlockingCollection<long>(new ConcurrentQueue<long>(), Capacity);
        _stop = false;
        Consumed = 0;
        _target = 0;
        _consumer = new Thread(consume) { IsBackground = true, Name = "consumer" };
        _consumer.Start();
    }

    [GlobalSetup(Target = nameof(Spsc))] public void SetupSpsc() => Start(ConsumeSpsc);
    [GlobalSetup(Target = nameof(Spsc_batch64))] public void SetupSpscBatch() => Start(ConsumeSpscBatch);
    [GlobalSetup(Target = nameof(Spsc_wait))] public void SetupSpscWait() => Start(ConsumeSpscWait);
    [GlobalSetup(Target = nameof(SpscRecords8))] public void SetupRecords() => Start(ConsumeRecords);
    [GlobalSetup(Target = nameof(Mpmc))] public void SetupMpmc() => Start(ConsumeMpmc);
    [GlobalSetup(Target = nameof(Mpmc_batch64))] public void SetupMpmcBatch() => Start(ConsumeMpmcBatch);
    [GlobalSetup(Target = nameof(Channel_peer))] public void SetupChannel() => Start(ConsumeChannel);
    [GlobalSetup(Target = nameof(ConcurrentQueue_peer))] public void SetupConcurrent() => Start(ConsumeConcurrent);
    [GlobalSetup(Target = nameof(BlockingCollection_peer))] public void SetupBlocking() => Start(ConsumeBlocking);

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop = true;
        _spsc.Close();
        _mpmc.Close();
        _consumer?.Join();
    }

    [ThreadStatic] private static int t_idle;

    // Every row waits the same way when its queue is full or empty: a short spin, and a yield every 64th time, so a
    // side whose partner was descheduled (this 2-core machine runs other work too) hands the core over quickly.
    private static void Idle()
    {
        Thread.SpinWait(8);
        if ((++t_idle & 63) == 0)
            Thread.Yield();
    }

    private void AwaitConsumer()
    {
        _target += Values;
        while (Volatile.Read(ref Consumed) < _target)
            Idle();
    }

    // ---- producers (the measured thread) --------------------------------------------------------

    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void Spsc()
    {
        SpscQueue<long> queue = _spsc;
        for (long i = 0; i < Values; i++)
            while (!queue.TryPush(i))
                Idle();
        AwaitConsumer();
    }

    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void Spsc_batch64()
    {
        SpscQueue<long> queue = _spsc;
        long[] batch = _producerBatch;
        for (long i = 0; i < Values; i += Batch)
        {
            for (int k = 0; k < Batch; k++)
                batch[k] = i + k;
            int offset = 0;
            while (offset < Batch)
            {
                int pushed = queue.PushBatch(batch.AsSpan(offset));
                if (pushed == 0)
                    Idle();
                offset += pushed;
            }
        }
        AwaitConsumer();
    }

    /// <summary>The blocking calls: PushWait, and a consumer in PopWait that parks when idle (the default strategy).</summary>
    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void Spsc_wait()
    {
        SpscQueue<long> queue = _spsc;
        for (long i = 0; i < Values; i++)
            queue.PushWait(i, -1);
        AwaitConsumer();
    }

    /// <summary>The byte-record queue of the C ABI (8-byte records through pointers), in process.</summary>
    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public unsafe void SpscRecords8()
    {
        SpscRecordQueue queue = _records;
        long value;
        for (long i = 0; i < Values; i++)
        {
            value = i;
            while (queue.TryPush(&value) != QueueResult.Ok)
                Idle();
        }
        AwaitConsumer();
    }

    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void Mpmc()
    {
        MpmcQueue<long> queue = _mpmc;
        for (long i = 0; i < Values; i++)
            while (!queue.TryPush(i))
                Idle();
        AwaitConsumer();
    }

    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void Mpmc_batch64()
    {
        MpmcQueue<long> queue = _mpmc;
        long[] batch = _producerBatch;
        for (long i = 0; i < Values; i += Batch)
        {
            for (int k = 0; k < Batch; k++)
                batch[k] = i + k;
            int offset = 0;
            while (offset < Batch)
            {
                int pushed = queue.PushBatch(batch.AsSpan(offset));
                if (pushed == 0)
                    Idle();
                offset += pushed;
            }
        }
        AwaitConsumer();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void Channel_peer()
    {
        ChannelWriter<long> writer = _channel.Writer;
        for (long i = 0; i < Values; i++)
            while (!writer.TryWrite(i))
                Idle();
        AwaitConsumer();
    }

    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void ConcurrentQueue_peer()
    {
        ConcurrentQueue<long> queue = _concurrent;
        for (long i = 0; i < Values; i++)
            queue.Enqueue(i);
        AwaitConsumer();
    }

    [Benchmark(OperationsPerInvoke = Values), BenchmarkCategory("Transfer")]
    public void BlockingCollection_peer()
    {
        BlockingCollection<long> queue = _blocking;
        for (long i = 0; i < Values; i++)
            queue.Add(i);
        AwaitConsumer();
    }

    // ---- consumers (one thread per row, started by its setup) ------------------------------------

    private void Counted(ref long local, bool idle)
    {
        ref long consumed = ref Consumed;
        if ((idle && consumed != local) || (local & 255) == 0)
            Volatile.Write(ref consumed, local);
    }

    private void ConsumeSpsc()
    {
        long count = 0, sum = 0;
        while (!_stop)
        {
            if (_spsc.TryPop(out long value)) { sum += value; count++; Counted(ref count, false); }
            else { Counted(ref count, true); Idle(); }
        }
        _checksum = sum;
    }

    private void ConsumeSpscBatch()
    {
        long count = 0, sum = 0;
        Span<long> batch = stackalloc long[Batch];
        while (!_stop)
        {
            int n = _spsc.PopBatch(batch);
            for (int i = 0; i < n; i++) sum += batch[i];
            count += n;
            Counted(ref count, n == 0);
            if (n == 0) Idle();
        }
        _checksum = sum;
    }

    private void ConsumeSpscWait()
    {
        long count = 0, sum = 0;
        while (!_stop)
        {
            if (_spsc.PopWait(out long value, 1_000_000) == QueueResult.Ok) { sum += value; count++; Counted(ref count, _spsc.IsEmpty); }
            else Counted(ref count, true);
        }
        _checksum = sum;
    }

    private unsafe void ConsumeRecords()
    {
        long count = 0, sum = 0, value;
        while (!_stop)
        {
            if (_records.TryPop(&value) == QueueResult.Ok) { sum += value; count++; Counted(ref count, false); }
            else { Counted(ref count, true); Idle(); }
        }
        _checksum = sum;
    }

    private void ConsumeMpmc()
    {
        long count = 0, sum = 0;
        while (!_stop)
        {
            if (_mpmc.TryPop(out long value)) { sum += value; count++; Counted(ref count, false); }
            else { Counted(ref count, true); Idle(); }
        }
        _checksum = sum;
    }

    private void ConsumeMpmcBatch()
    {
        long count = 0, sum = 0;
        Span<long> batch = stackalloc long[Batch];
        while (!_stop)
        {
            int n = _mpmc.PopBatch(batch);
            for (int i = 0; i < n; i++) sum += batch[i];
            count += n;
            Counted(ref count, n == 0);
            if (n == 0) Idle();
        }
        _checksum = sum;
    }

    private void ConsumeChannel()
    {
        long count = 0, sum = 0;
        ChannelReader<long> reader = _channel.Reader;
        while (!_stop)
        {
            if (reader.TryRead(out long value)) { sum += value; count++; Counted(ref count, false); }
            else { Counted(ref count, true); Idle(); }
        }
        _checksum = sum;
    }

    private void ConsumeConcurrent()
    {
        long count = 0, sum = 0;
        while (!_stop)
        {
            if (_concurrent.TryDequeue(out long value)) { sum += value; count++; Counted(ref count, false); }
            else { Counted(ref count, true); Idle(); }
        }
        _checksum = sum;
    }

    private void ConsumeBlocking()
    {
        long count = 0, sum = 0;
        while (!_stop)
        {
            if (_blocking.TryTake(out long value, 1)) { sum += value; count++; Counted(ref count, _blocking.Count == 0); }
            else Counted(ref count, true);
        }
        _checksum = sum;
    }
}
