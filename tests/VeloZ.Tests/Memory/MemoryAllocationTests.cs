using System;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>
/// Zero GC allocation per rent, return, batch and arena allocation in steady state, measured with
/// GC.GetAllocatedBytesForCurrentThread over 100,000 operations after a warm-up (asserts after the loop: NUnit's
/// Assert allocates).
/// </summary>
[TestFixture]
public unsafe class MemoryAllocationTests
{
    [Test]
    public void Fixed_pool_rent_and_return_allocate_nothing()
    {
        using var pool = new FixedPool(new PoolConfig { BlockSize = 64, InitialBlocks = 64 });
        nint[] blocks = new nint[32];
        long allocated = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
                allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100_000; i++)
            {
                pool.TryRent(out void* block);
                pool.TryReturn(block);
                int n = pool.RentBatch(blocks);
                pool.ReturnBatch(blocks.AsSpan(0, n), out _);
            }
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.That(allocated, Is.EqualTo(0));
    }

    [Test]
    public void Concurrent_pool_rent_and_return_allocate_nothing()
    {
        using var pool = new ConcurrentPool(new PoolConfig { BlockSize = 64, InitialBlocks = 64 });
        nint[] blocks = new nint[32];
        long allocated = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
                allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100_000; i++)
            {
                pool.TryRent(out void* block);
                pool.TryReturn(block);
                int n = pool.RentBatch(blocks);
                pool.ReturnBatch(blocks.AsSpan(0, n), out _);
                _ = pool.Statistics;
            }
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.That(allocated, Is.EqualTo(0));
    }

    [Test]
    public void Arena_allocations_after_the_first_batch_allocate_nothing()
    {
        using var arena = new Arena(new ArenaConfig { ChunkSize = 16 * 1024 });
        nint[] blocks = new nint[64];
        long allocated = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            if (pass == 1)
                allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1_000; i++)
            {
                for (int j = 0; j < 100; j++)
                    arena.Allocate(24 + j, 8);
                arena.Allocate(100_000);    // a chunk of its own, reused after each reset
                arena.AllocateBatch(32, 16, blocks);
                arena.Reset();
            }
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.That(allocated, Is.EqualTo(0));
    }
}
