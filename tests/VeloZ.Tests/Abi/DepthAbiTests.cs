using System;
using System.Linq;
using System.Threading;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Abi;

/// <summary>The depth (L2) book exports of libveloz.so: lifecycle, sequencing, snapshots, queries, readers, hostile input.</summary>
[TestFixture]
public unsafe class DepthAbiTests
{
    private static int Apply(nint depth, DepthUpdate[] updates, out int applied)
    {
        int count;
        int status;
        fixed (DepthUpdate* p = updates)
            status = LibVelozBook.DepthApply(depth, p, updates.Length, &count);
        applied = count;
        return status;
    }

    private static void ApplyOk(nint depth, params DepthUpdate[] updates)
    {
        AbiAssert.Ok(Apply(depth, updates, out int applied), "veloz_depth_apply");
        Assert.That(applied, Is.EqualTo(updates.Length));
    }

    private static Level[] LevelsOf(nint depth, Side side, int capacity = 16)
    {
        var levels = new Level[capacity];
        int written = -1;
        fixed (Level* p = levels)
            AbiAssert.Ok(LibVelozBook.DepthLevels(depth, (int)side, p, capacity, &written), "veloz_depth_levels");
        return levels.Take(written).ToArray();
    }

    private static int Snapshot(nint depth, Level[] bids, Level[] asks, long sequence)
    {
        fixed (Level* b = bids)
        fixed (Level* a = asks)
            return LibVelozBook.DepthSnapshot(depth, b, bids.Length, a, asks.Length, sequence);
    }

    [Test]
    public void New_depth_book_is_empty_at_sequence_zero_and_takes_updates_from_one()
    {
        nint depth = 0;
        AbiAssert.Ok(LibVelozBook.DepthCreate(null, &depth), "veloz_depth_create");
        try
        {
            DepthState state = LibVelozBook.StateOf(depth);
            Assert.That((state.Status, state.LastSequence, state.BidLevels, state.AskLevels), Is.EqualTo((DepthState.Empty, 0L, 0, 0)));
            ApplyOk(depth, new DepthUpdate(1, Side.Buy, 100, 5, 2), new DepthUpdate(2, Side.Sell, 101, 7), new DepthUpdate(3, Side.Buy, 99, 1));
            TopOfBook top;
            AbiAssert.Ok(LibVelozBook.DepthBest(depth, &top), "veloz_depth_best");
            Assert.That((top.Bid.Price, top.Bid.Quantity, top.Bid.OrderCount, top.Ask.Price, top.Ask.Quantity, top.Sequence),
                Is.EqualTo((100L, 5L, 2, 101L, 7L, 3L)));
            Assert.That(LevelsOf(depth, Side.Buy).Select(l => l.Price), Is.EqualTo(new[] { 100L, 99L }));
            state = LibVelozBook.StateOf(depth);
            Assert.That((state.Status, state.LastSequence, state.UpdateCount, state.BidLevels, state.AskLevels), Is.EqualTo((0, 3L, 3L, 2, 1)));
            AbiAssert.Status(LibVelozBook.DepthReadTop(depth, &top), VelozStatus.State, "veloz_depth_read_top");
        }
        finally
        {
            LibVelozBook.DepthDestroy(depth);
        }
        DepthState after = new() { StructSize = (uint)sizeof(DepthState) };
        AbiAssert.Status(LibVelozBook.DepthGetState(depth, &after), VelozStatus.InvalidHandle, "veloz_depth_get_state");
        LibVelozBook.DepthDestroy(depth);
        LibVelozBook.DepthDestroy(0);
    }

    [TestCase(-1, 0, 0, "expected_levels")]
    [TestCase((1 << 28) + 1, 0, 0, "expected_levels")]
    [TestCase(0, -1, 0, "snapshot_depth")]
    [TestCase(0, 4097, 0, "snapshot_depth")]
    [TestCase(0, 0, 1, "reserved")]
    public void Create_refuses_a_config_field_out_of_range(int expectedLevels, int snapshotDepth, int reserved, string field)
    {
        var config = new DepthConfig { StructSize = (uint)sizeof(DepthConfig), ExpectedLevels = expectedLevels, SnapshotDepth = snapshotDepth, Reserved = reserved };
        nint depth = 0x77;
        AbiAssert.Status(LibVelozBook.DepthCreate(&config, &depth), VelozStatus.InvalidArgument, "veloz_depth_create");
        Assert.That(depth, Is.EqualTo((nint)0));
        Assert.That(LibVeloz.LastError(), Does.Contain(field));
    }

    [Test]
    public void Create_refuses_bad_struct_size_and_null_out_and_reads_only_what_a_small_struct_holds()
    {
        var config = new DepthConfig { StructSize = 0 };
        nint depth;
        AbiAssert.Status(LibVelozBook.DepthCreate(&config, &depth), VelozStatus.InvalidArgument, "veloz_depth_create");
        config.StructSize = 9999;
        AbiAssert.Status(LibVelozBook.DepthCreate(&config, &depth), VelozStatus.InvalidArgument, "veloz_depth_create");
        AbiAssert.Status(LibVelozBook.DepthCreate(null, null), VelozStatus.InvalidArgument, "veloz_depth_create");
        // struct_size 8: expected_levels only; the garbage in snapshot_depth and reserved is not read.
        config = new DepthConfig { StructSize = 8, ExpectedLevels = 4, SnapshotDepth = -3, Reserved = 9 };
        AbiAssert.Ok(LibVelozBook.DepthCreate(&config, &depth), "veloz_depth_create");
        TopOfBook top;
        AbiAssert.Status(LibVelozBook.DepthReadTop(depth, &top), VelozStatus.State, "veloz_depth_read_top");
        LibVelozBook.DepthDestroy(depth);
    }

    [Test]
    public void Sequence_gap_applies_the_updates_before_it_reports_its_index_and_makes_the_book_stale_until_a_snapshot()
    {
        nint depth = LibVelozBook.CreateDepth(snapshotDepth: 2);
        try
        {
            ApplyOk(depth, new DepthUpdate(1, Side.Buy, 100, 5));
            int status = Apply(depth, new[] { new DepthUpdate(2, Side.Buy, 99, 1), new DepthUpdate(3, Side.Sell, 105, 2), new DepthUpdate(5, Side.Sell, 104, 9), new DepthUpdate(6, Side.Sell, 103, 9) }, out int applied);
            AbiAssert.Status(status, VelozStatus.SequenceGap, "veloz_depth_apply");
            Assert.That(applied, Is.EqualTo(2));
            Assert.That(LibVeloz.LastError(), Does.Contain("updates[2].sequence is 5, expected 4"));
            DepthState state = LibVelozBook.StateOf(depth);
            Assert.That((state.Status & DepthState.Stale, state.LastSequence, state.GapCount, state.AskLevels), Is.EqualTo((DepthState.Stale, 3L, 1L, 1)));
            TopOfBook published;
            AbiAssert.Ok(LibVelozBook.DepthReadTop(depth, &published), "veloz_depth_read_top");
            Assert.That(published.Sequence, Is.EqualTo(3));

            // Stale: every batch is refused, nothing consumed, nothing counted.
            status = Apply(depth, new[] { new DepthUpdate(4, Side.Sell, 104, 9) }, out applied);
            AbiAssert.Status(status, VelozStatus.State, "veloz_depth_apply");
            Assert.That(applied, Is.Zero);
            Assert.That(LibVelozBook.StateOf(depth), Is.EqualTo(state));

            AbiAssert.Ok(Snapshot(depth, new[] { new Level(98, 4, 1) }, new[] { new Level(102, 6, 3), new Level(103, 1) }, 10), "veloz_depth_snapshot");
            state = LibVelozBook.StateOf(depth);
            Assert.That((state.Status, state.LastSequence, state.SnapshotSequence, state.SnapshotCount), Is.EqualTo((0, 10L, 10L, 1L)));
            ApplyOk(depth, new DepthUpdate(9, Side.Buy, 98, 100), new DepthUpdate(10, Side.Buy, 98, 100), new DepthUpdate(11, Side.Sell, 102, 0));
            state = LibVelozBook.StateOf(depth);
            Assert.That((state.DroppedOldCount, state.LastSequence, state.AskLevels), Is.EqualTo((2L, 11L, 1)));
            Assert.That(LevelsOf(depth, Side.Buy).Single().Quantity, Is.EqualTo(4), "old updates were dropped");
        }
        finally
        {
            LibVelozBook.DepthDestroy(depth);
        }
    }

    [Test]
    public void Invalid_update_anywhere_in_a_batch_refuses_the_whole_batch()
    {
        nint depth = LibVelozBook.CreateDepth();
        try
        {
            ApplyOk(depth, new DepthUpdate(1, Side.Buy, 100, 5));
            DepthState before = LibVelozBook.StateOf(depth);
            int status = Apply(depth, new[] { new DepthUpdate(2, Side.Buy, 99, 1), new DepthUpdate(3, (Side)0, 105, 2) }, out int applied);
            AbiAssert.Status(status, VelozStatus.InvalidArgument, "veloz_depth_apply");
            Assert.That(LibVeloz.LastError(), Does.Contain("updates[1].side"));
            Assert.That(applied, Is.Zero);
            status = Apply(depth, new[] { new DepthUpdate(2, Side.Sell, 99, -1) }, out applied);
            AbiAssert.Status(status, VelozStatus.InvalidArgument, "veloz_depth_apply");
            Assert.That(LibVeloz.LastError(), Does.Contain("updates[0].quantity must be >= 0, got -1"));
            Assert.That(LibVelozBook.StateOf(depth), Is.EqualTo(before));
        }
        finally
        {
            LibVelozBook.DepthDestroy(depth);
        }
    }

    [Test]
    public void Crossed_updates_are_applied_and_flagged_until_uncrossed()
    {
        nint depth = LibVelozBook.CreateDepth();
        try
        {
            ApplyOk(depth, new DepthUpdate(1, Side.Sell, 100, 5), new DepthUpdate(2, Side.Buy, 100, 5));
            DepthState state = LibVelozBook.StateOf(depth);
            Assert.That((state.Status, state.CrossedCount), Is.EqualTo((DepthState.Crossed, 1L)));
            ApplyOk(depth, new DepthUpdate(3, Side.Sell, 100, 0));
            Assert.That(LibVelozBook.StateOf(depth).Status, Is.Zero);
        }
        finally
        {
            LibVelozBook.DepthDestroy(depth);
        }
    }

    [Test]
    public void Snapshot_out_of_order_is_refused_with_the_book_unchanged()
    {
        nint depth = LibVelozBook.CreateDepth();
        try
        {
            ApplyOk(depth, new DepthUpdate(1, Side.Buy, 100, 5));
            DepthState before = LibVelozBook.StateOf(depth);
            AbiAssert.Status(Snapshot(depth, new[] { new Level(98, 4), new Level(99, 4) }, Array.Empty<Level>(), 10), VelozStatus.InvalidArgument, "veloz_depth_snapshot");
            Assert.That(LibVeloz.LastError(), Does.Contain("descending"));
            AbiAssert.Status(Snapshot(depth, Array.Empty<Level>(), new[] { new Level(98, 0) }, 10), VelozStatus.InvalidArgument, "veloz_depth_snapshot");
            AbiAssert.Status(LibVelozBook.DepthSnapshot(depth, null, 2, null, 0, 10), VelozStatus.InvalidArgument, "veloz_depth_snapshot");
            AbiAssert.Status(LibVelozBook.DepthSnapshot(depth, null, 0, null, -1, 10), VelozStatus.InvalidArgument, "veloz_depth_snapshot");
            Assert.That(LibVelozBook.StateOf(depth), Is.EqualTo(before));
            Assert.That(LevelsOf(depth, Side.Buy).Single().Price, Is.EqualTo(100));
            AbiAssert.Ok(LibVelozBook.DepthSnapshot(depth, null, 0, null, 0, 20), "veloz_depth_snapshot");
            Assert.That(LibVelozBook.StateOf(depth).Status, Is.EqualTo(DepthState.Empty));
        }
        finally
        {
            LibVelozBook.DepthDestroy(depth);
        }
    }

    [Test]
    public void Levels_and_state_validate_their_arguments()
    {
        nint depth = LibVelozBook.CreateDepth(snapshotDepth: 1);
        try
        {
            int written, applied, bidCount, askCount;
            Level level;
            AbiAssert.Status(LibVelozBook.DepthLevels(depth, 0, &level, 1, &written), VelozStatus.InvalidArgument, "veloz_depth_levels");
            AbiAssert.Status(LibVelozBook.DepthLevels(depth, (int)Side.Buy, null, 1, &written), VelozStatus.InvalidArgument, "veloz_depth_levels");
            AbiAssert.Status(LibVelozBook.DepthLevels(depth, (int)Side.Buy, &level, -1, &written), VelozStatus.InvalidArgument, "veloz_depth_levels");
            AbiAssert.Status(LibVelozBook.DepthLevels(depth, (int)Side.Buy, &level, 1, null), VelozStatus.InvalidArgument, "veloz_depth_levels");
            AbiAssert.Ok(LibVelozBook.DepthLevels(depth, (int)Side.Sell, null, 0, &written), "veloz_depth_levels");
            AbiAssert.Status(LibVelozBook.DepthGetState(depth, null), VelozStatus.InvalidArgument, "veloz_depth_get_state");
            var state = new DepthState { StructSize = 0 };
            AbiAssert.Status(LibVelozBook.DepthGetState(depth, &state), VelozStatus.InvalidArgument, "veloz_depth_get_state");
            AbiAssert.Status(LibVelozBook.DepthBest(depth, null), VelozStatus.InvalidArgument, "veloz_depth_best");
            AbiAssert.Status(LibVelozBook.DepthReadTop(depth, null), VelozStatus.InvalidArgument, "veloz_depth_read_top");
            AbiAssert.Status(LibVelozBook.DepthReadLevels(depth, &level, &level, 1, null, &askCount), VelozStatus.InvalidArgument, "veloz_depth_read_levels");
            AbiAssert.Status(LibVelozBook.DepthApply(depth, null, 1, &applied), VelozStatus.InvalidArgument, "veloz_depth_apply");
            AbiAssert.Status(LibVelozBook.DepthApply(depth, null, -1, &applied), VelozStatus.InvalidArgument, "veloz_depth_apply");
            AbiAssert.Status(LibVelozBook.DepthApply(depth, null, 0, null), VelozStatus.InvalidArgument, "veloz_depth_apply");
            AbiAssert.Ok(LibVelozBook.DepthApply(depth, null, 0, &applied), "veloz_depth_apply");
            AbiAssert.Ok(LibVelozBook.DepthReadLevels(depth, null, null, 0, &bidCount, &askCount), "veloz_depth_read_levels");
            Assert.That(LibVelozBook.StateOf(depth).UpdateCount, Is.Zero);

            // A small struct_size gets only its bytes.
            state = new DepthState { StructSize = 12, BidLevels = -5, LastSequence = -5 };
            AbiAssert.Ok(LibVelozBook.DepthGetState(depth, &state), "veloz_depth_get_state");
            Assert.That((state.StructSize, state.Status, state.BidLevels, state.LastSequence), Is.EqualTo((12u, DepthState.Empty, -5, -5L)));
        }
        finally
        {
            LibVelozBook.DepthDestroy(depth);
        }
    }

    [Test]
    public void Reader_thread_sees_only_whole_publishes_while_the_owner_applies()
    {
        // Every update at sequence s sets bid = 1000 + s % 50 and ask = bid + 1 with quantity s at both: a reader
        // that mixes publishes sees a crossed or mismatched top.
        nint depth = LibVelozBook.CreateDepth(snapshotDepth: 2);
        string? error = null;
        bool done = false;
        long reads = 0;
        var reader = new Thread(() =>
        {
            long previous = 0;
            Level* bids = stackalloc Level[2];
            Level* asks = stackalloc Level[2];
            while (!Volatile.Read(ref done) && Volatile.Read(ref error) == null)
            {
                TopOfBook top;
                int bidCount, askCount;
                string? problem = LibVelozBook.DepthReadTop(depth, &top) != VelozStatus.Ok ? "read_top failed"
                    : LibVelozBook.DepthReadLevels(depth, bids, asks, 2, &bidCount, &askCount) != VelozStatus.Ok ? "read_levels failed"
                    : top.Sequence < previous ? $"sequence went back from {previous} to {top.Sequence}"
                    : top.Bid.Quantity != 0 && (top.Bid.Quantity != top.Ask.Quantity || top.Ask.Price != top.Bid.Price + 1)
                        ? $"torn top at {top.Sequence}: {top.Bid} / {top.Ask}"
                    : bidCount == 1 && askCount == 1 && (bids[0].Quantity != asks[0].Quantity || asks[0].Price != bids[0].Price + 1)
                        ? $"torn levels: {bids[0]} / {asks[0]}" : null;
                if (problem != null)
                    Interlocked.CompareExchange(ref error, problem, null);
                previous = top.Sequence;
                reads++;
            }
        });
        try
        {
            reader.Start();
            long sequence = 0;
            var batch = new DepthUpdate[4];
            for (int i = 0; i < 50_000 && Volatile.Read(ref error) == null; i++)
            {
                long s = sequence + 4;
                long bid = 1000 + s % 50, oldBid = 1000 + sequence % 50;
                // Remove the old pair, add the new one: four updates, one publish at the end of the batch.
                batch[0] = new DepthUpdate(sequence + 1, Side.Buy, oldBid, 0);
                batch[1] = new DepthUpdate(sequence + 2, Side.Sell, oldBid + 1, 0);
                batch[2] = new DepthUpdate(sequence + 3, Side.Buy, bid, s);
                batch[3] = new DepthUpdate(sequence + 4, Side.Sell, bid + 1, s);
                AbiAssert.Ok(Apply(depth, batch, out _), "veloz_depth_apply");
                sequence = s;
            }
            Volatile.Write(ref done, true);
            reader.Join();
            TestContext.Out.WriteLine($"{sequence / 4} batches, {reads} reads");
            Assert.That(error, Is.Null);
            Assert.That(reads, Is.GreaterThan(0));
            Assert.That(LibVelozBook.StateOf(depth).LastSequence, Is.EqualTo(sequence));
        }
        finally
        {
            Volatile.Write(ref done, true);
            reader.Join();
            LibVelozBook.DepthDestroy(depth);
        }
    }
}
