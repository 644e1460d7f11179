using System;
using System.Linq;
using System.Runtime.InteropServices;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>The settings, growth, exhaustion, LIFO reuse, typed helpers and bad returns of both pools.</summary>
[TestFixture]
public unsafe class PoolContractTests
{
    private static readonly PoolKind[] Kinds = Enum.GetValues<PoolKind>();

    [TestCaseSource(nameof(Kinds))]
    public void Grows_by_doubling_up_to_max_blocks_then_reports_exhausted(PoolKind kind)
    {
        using var pool = new AnyPool(kind, new PoolConfig { BlockSize = 48, InitialBlocks = 3, MaxBlocks = 10 });
        Assert.That(pool.Statistics.Capacity, Is.EqualTo(3));
        var blocks = new nint[10];
        Assert.That(pool.RentBatch(blocks), Is.EqualTo(10));
        PoolStatistics s = pool.Statistics;
        Assert.That((s.Capacity, s.Chunks, s.InUse, s.BytesReserved), Is.EqualTo((10L, 3, 10L, 10L * 48)));   // 3 + 3 + 4
        Assert.That(pool.TryRent(out void* none), Is.EqualTo(PoolResult.Exhausted));
        Assert.That((nint)none, Is.EqualTo((nint)0));
        Assert.That(pool.Statistics.FailedRents, Is.EqualTo(1));
        Assert.That(blocks.Distinct().Count(), Is.EqualTo(10));
        Assert.That(pool.ReturnBatch(blocks, out PoolResult result), Is.EqualTo(10));
        Assert.That(result, Is.EqualTo(PoolResult.Ok));
        Assert.That(pool.Statistics.PeakInUse, Is.EqualTo(10));
    }

    [TestCaseSource(nameof(Kinds))]
    public void Reuse_is_last_in_first_out(PoolKind kind)
    {
        using var pool = new AnyPool(kind, new PoolConfig { BlockSize = 64 });
        pool.TryRent(out void* a);
        pool.TryRent(out void* b);
        pool.TryReturn(a);
        pool.TryReturn(b);
        pool.TryRent(out void* c);
        Assert.That((nint)c, Is.EqualTo((nint)b), "the block returned last comes back first (still in cache)");
    }

    [Test]
    public void Blocks_of_one_pool_are_foreign_to_another()
    {
        using var one = new FixedPool(64);
        using var two = new ConcurrentPool(64);
        void* a = one.Rent();
        void* b = two.Rent();
        Assert.That(two.TryReturn(a), Is.EqualTo(PoolResult.Foreign));
        Assert.That(one.TryReturn(b), Is.EqualTo(PoolResult.Foreign));
        var e = Assert.Throws<ArgumentException>(() => one.Return(b))!;
        Assert.That(e.Message, Does.Contain("is not in pool 'pool'"));
        one.Return(a);
        e = Assert.Throws<ArgumentException>(() => one.Return(a))!;
        Assert.That(e.Message, Does.Contain("not rented (returned twice?)"));
        Assert.That(one.Statistics.BadReturns, Is.EqualTo(3));
    }

    [Test]
    public void Typed_rent_fits_checks_size_and_alignment()
    {
        using var pool = new FixedPool(new PoolConfig { BlockSize = 16, Alignment = 8 });
        Guid* guid = pool.Rent<Guid>();
        Assert.That(*guid, Is.EqualTo(Guid.Empty));
        Assert.Throws<ArgumentException>(() => pool.Rent<Big>());
        using var concurrent = new ConcurrentPool(new PoolConfig { BlockSize = 8, Alignment = 4 });
        Assert.Throws<ArgumentException>(() => concurrent.Rent<long>(), "8-byte alignment does not fit a 4-aligned pool");
        Assert.That(*concurrent.Rent<int>(), Is.EqualTo(0));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Big
    {
        public long A, B, C;
    }

    [TestCase(0, 0, 0, 0, "BlockSize")]
    [TestCase((1 << 20) + 1, 0, 0, 0, "BlockSize")]
    [TestCase(64, 3, 0, 0, "Alignment")]
    [TestCase(64, 8192, 0, 0, "Alignment")]
    [TestCase(64, -8, 0, 0, "Alignment")]
    [TestCase(64, 0, -1, 0, "InitialBlocks")]
    [TestCase(64, 0, (1 << 24) + 1, 0, "InitialBlocks")]
    [TestCase(64, 0, 100, 50, "MaxBlocks")]
    [TestCase(64, 0, 0, -1, "MaxBlocks")]
    public void Settings_out_of_range_are_named(int blockSize, int alignment, int initial, int max, string setting)
    {
        foreach (PoolKind kind in Kinds)
        {
            var e = Assert.Throws<SettingOutOfRangeException>(() =>
                new AnyPool(kind, new PoolConfig { BlockSize = blockSize, Alignment = alignment, InitialBlocks = initial, MaxBlocks = max }))!;
            Assert.That(e.Setting, Is.EqualTo(setting), kind.ToString());
        }
    }

    [TestCaseSource(nameof(Kinds))]
    public void Stride_rounds_the_block_up_to_the_alignment(PoolKind kind)
    {
        using var pool = new AnyPool(kind, new PoolConfig { BlockSize = 100, Alignment = 64, InitialBlocks = 4 });
        var blocks = new nint[4];
        pool.RentBatch(blocks);
        Array.Sort(blocks);
        Assert.That(pool.Statistics.Stride, Is.EqualTo(128));
        Assert.That(blocks[1] - blocks[0], Is.EqualTo((nint)128));
        Assert.That(pool.TryReturn((void*)(blocks[0] + 100)), Is.EqualTo(PoolResult.NotBlockStart), "padding between blocks is inside a block");
        Assert.That(pool.TryReturn((void*)(blocks[3] + 128)), Is.EqualTo(PoolResult.Foreign), "one past the last block");
        Assert.That(pool.TryReturn((void*)(blocks[0] - 1)), Is.EqualTo(PoolResult.Foreign), "one before the first block");
    }

    [Test]
    public void Disposed_pools_refuse_to_grow_and_dispose_twice_is_harmless()
    {
        var pool = new FixedPool(new PoolConfig { BlockSize = 8, InitialBlocks = 1 });
        pool.Dispose();
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.TryRent(out _));
        var concurrent = new ConcurrentPool(new PoolConfig { BlockSize = 8, InitialBlocks = 1 });
        concurrent.Dispose();
        concurrent.Dispose();
        Assert.Throws<ObjectDisposedException>(() => concurrent.TryRent(out _));
    }

    [Test]
    public void Registry_lists_live_pools_and_arenas_by_name_in_the_report_and_in_prometheus()
    {
        using var pool = new FixedPool(new PoolConfig { BlockSize = 64, InitialBlocks = 8, Name = "orders \"A\"" });
        using var concurrent = new ConcurrentPool(new PoolConfig { BlockSize = 256, InitialBlocks = 4, Name = "events" });
        using var arena = new Arena(new ArenaConfig { Name = "batch" });
        pool.Rent();
        arena.Allocate(100);
        MemorySourceInfo[] infos = MemoryRegistry.Snapshot();
        MemorySourceInfo orders = infos.Single(i => i.Name == "orders \"A\"");
        Assert.That((orders.Kind, orders.Pool.InUse, orders.Pool.Capacity), Is.EqualTo(("fixed_pool", 1L, 8L)));
        Assert.That(infos.Single(i => i.Name == "batch").Arena.BytesAllocated, Is.EqualTo(100));

        string report = MemoryRegistry.Report();
        Assert.That(report, Does.Contain("orders \"A\"").And.Contain("concurrent_pool").And.Contain("batch"));
        string text = MemoryRegistry.Prometheus();
        Assert.That(text, Does.Contain("veloz_pool_in_use_blocks{name=\"orders \\\"A\\\"\",kind=\"fixed_pool\"} 1\n"));
        Assert.That(text, Does.Contain("veloz_pool_block_bytes{name=\"events\",kind=\"concurrent_pool\"} 256\n"));
        Assert.That(text, Does.Contain("veloz_arena_allocated_bytes{name=\"batch\",kind=\"arena\"} 100\n"));
        Assert.That(text, Does.Contain("# TYPE veloz_pool_rents_total counter\n"));

        arena.Dispose();
        Assert.That(MemoryRegistry.Snapshot().Any(i => i.Name == "batch"), Is.False, "a disposed arena leaves the registry");
    }

    [Test]
    public void Prometheus_names_two_sources_of_one_name_apart()
    {
        using var a = new FixedPool(new PoolConfig { BlockSize = 8, InitialBlocks = 1, Name = "twin" });
        using var b = new FixedPool(new PoolConfig { BlockSize = 8, InitialBlocks = 1, Name = "twin" });
        string text = MemoryRegistry.Prometheus();
        Assert.That(text, Does.Contain("veloz_pool_block_bytes{name=\"twin\",kind=\"fixed_pool\"}"));
        Assert.That(text, Does.Contain("veloz_pool_block_bytes{name=\"twin#2\",kind=\"fixed_pool\"}"));
    }
}
