using System;
using System.Collections.Concurrent;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using VeloZ.Loop;

namespace VeloZ.Benchmarks.Loop;

/// <summary>
/// The cost of one task through the event loop on one thread: <see cref="Ops"/> posts of a cached
/// <see cref="Action"/> at three priorities, then one run that executes them (each row's Mean is one post plus its
/// run). Peers in the same run, the task queues a .NET program would otherwise drain on its loop thread:
/// <see cref="ConcurrentQueue{T}"/> (the baseline) and an unbounded single-reader <see cref="Channel{T}"/>, each
/// drained in posting order (no priorities: they do less). Allocated must read 0 B for the loop.
/// </summary>
public class EventLoopBenchmarks
{
    private const int Ops = 1000;

    private EventLoop _loop = null!;
    private readonly ConcurrentQueue<Action> _queue = new();
    private Channel<Action> _channel = null!;
    private long _count;
    private Action _task = null!;

    [GlobalSetup]
    public void Setup()
    {
        _loop = new EventLoop(new EventLoopConfig { TaskCapacity = 4096 });
        _channel = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
        _task = () => _count++;
    }

    [GlobalCleanup]
    public void Cleanup() => _loop.Dispose();

    [Benchmark(OperationsPerInvoke = Ops)]
    public long EventLoop_PostRun()
    {
        for (int i = 0; i < Ops; i++)
            _loop.TryPost(_task, (LoopPriority)(i % 3));
        _loop.RunOnce();
        return _count;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public long EventLoop_DelayedRun()
    {
        long now = _loop.NowNs;
        for (int i = 0; i < Ops; i++)
            _loop.PostAt(now, _task);
        _loop.RunOnce();
        return _count;
    }

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true)]
    public long ConcurrentQueue_EnqueueDrain()
    {
        for (int i = 0; i < Ops; i++)
            _queue.Enqueue(_task);
        while (_queue.TryDequeue(out Action? task))
            task();
        return _count;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public long Channel_WriteDrain()
    {
        ChannelWriter<Action> writer = _channel.Writer;
        for (int i = 0; i < Ops; i++)
            writer.TryWrite(_task);
        ChannelReader<Action> reader = _channel.Reader;
        while (reader.TryRead(out Action? task))
            task();
        return _count;
    }
}
