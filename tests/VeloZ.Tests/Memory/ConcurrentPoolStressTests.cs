using System;
using System.Collections.Concurrent;
using System.Threading;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>
/// 2, 4 and 8 threads rent and return from one ConcurrentPool, 10^7 operations each: every block carries its holder's
/// stamp (thread and sequence) for as long as it is held and is checked when it is given up, so two threads holding
/// one block would see each other's stamp; a third of the blocks are handed to another thread and returned there.
/// At the end in-use is 0 and the counters add up. Small pools (a few blocks per thread, a MaxBlocks limit) keep
/// the free list near empty, where ABA and exhaustion happen. Seed: VELOZ_TEST_SEED, else random (printed).
/// </summary>
[TestFixture]
public unsafe class ConcurrentPoolStressTests
{
    private const int OperationsPerThread = 10_000_000;

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(8)]
    public void Threads_never_share_a_block_and_counts_add_up(int threads)
    {
        int seed = MemoryTestKit.Seed();
        using var pool = new ConcurrentPool(new PoolConfig { BlockSize = 32, InitialBlocks = 2, MaxBlocks = threads * 3, Name = "stress" });
        var handoff = new ConcurrentQueue<nint>();
        long failedRents = 0, rents = 0, returns = 0;
        string? failure = null;
        var workers = new Thread[threads];
        using var start = new Barrier(threads);
        for (int t = 0; t < threads; t++)
        {
            int id = t + 1;
            workers[t] = new Thread(() =>
            {
                var random = new Random(seed + id);
                nint* held = stackalloc nint[4];
                int count = 0;
                long sequence = 0, myRents = 0, myReturns = 0, myFailed = 0;
                start.SignalAndWait();
                for (int op = 0; op < OperationsPerThread && failure is null; op++)
                {
                    int choice = random.Next(8);
                    if (choice < 4 && count < 4)
                    {
                        if (pool.TryRent(out void* block) == PoolResult.Ok)
                        {
                            long* stamp = (long*)block;
                            stamp[0] = id;
                            stamp[1] = ++sequence;
                            held[count++] = (nint)block;
                            myRents++;
                        }
                        else
                        {
                            myFailed++;
                        }
                    }
                    else if (count > 0)
                    {
                        int at = random.Next(count);
                        long* stamp = (long*)held[at];
                        if (stamp[0] != id)
                        {
                            failure = $"seed {seed}: thread {id} held block 0x{held[at]:X} and found thread {stamp[0]}'s stamp";
                            break;
                        }
                        nint block = held[at];
                        held[at] = held[--count];
                        if (choice == 7)
                        {
                            stamp[0] = -1;   // in transit: no thread's
                            handoff.Enqueue(block);
                        }
                        else
                        {
                            stamp[0] = 0;
                            if (pool.TryReturn((void*)block) != PoolResult.Ok)
                                failure = $"seed {seed}: thread {id} could not return its own block 0x{block:X}";
                            myReturns++;
                        }
                    }
                    else if (handoff.TryDequeue(out nint other))
                    {
                        // A block rented by another thread, returned here.
                        if (((long*)other)[0] != -1)
                            failure = $"seed {seed}: block 0x{other:X} in transit was written by thread {((long*)other)[0]}";
                        if (pool.TryReturn((void*)other) != PoolResult.Ok)
                            failure = $"seed {seed}: thread {id} could not return block 0x{other:X} rented elsewhere";
                        myReturns++;
                    }
                }
                for (int i = 0; i < count; i++)
                {
                    pool.TryReturn((void*)held[i]);
                    myReturns++;
                }
                Interlocked.Add(ref rents, myRents);
                Interlocked.Add(ref returns, myReturns);
                Interlocked.Add(ref failedRents, myFailed);
            });
            workers[t].Start();
        }
        foreach (Thread worker in workers)
            worker.Join();
        while (handoff.TryDequeue(out nint left))
        {
            Assert.That(pool.TryReturn((void*)left), Is.EqualTo(PoolResult.Ok));
            returns++;
        }
        Assert.That(failure, Is.Null);
        PoolStatistics s = pool.Statistics;
        TestContext.Out.WriteLine($"{threads} threads: {s.Rents} rents, {s.FailedRents} failed, capacity {s.Capacity}, peak {s.PeakInUse}");
        Assert.That((s.InUse, s.Rents, s.Returns, s.FailedRents, s.BadReturns), Is.EqualTo((0L, rents, returns, failedRents, 0L)));
        Assert.That(s.Capacity, Is.LessThanOrEqualTo(threads * 3));
        Assert.That(rents, Is.GreaterThan(threads * (long)OperationsPerThread / 8));
    }

    [Test]
    public void Two_threads_returning_one_block_at_once_one_wins()
    {
        using var pool = new ConcurrentPool(new PoolConfig { BlockSize = 16, InitialBlocks = 1, MaxBlocks = 1 });
        for (int round = 0; round < 300; round++)
        {
            void* block = pool.Rent();
            PoolResult a = PoolResult.Ok, b = PoolResult.Ok;
            var other = new Thread(() => b = pool.TryReturn(block));
            other.Start();
            a = pool.TryReturn(block);
            other.Join();
            Assert.That(new[] { a, b }, Is.EquivalentTo(new[] { PoolResult.Ok, PoolResult.NotRented }), $"round {round}");
        }
        Assert.That(pool.Statistics.InUse, Is.EqualTo(0));
    }
}
