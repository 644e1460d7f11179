using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

public class DepthBookTests
{
    private static DepthUpdate Bid(long sequence, long price, long quantity) => new(sequence, Side.Buy, price, quantity);
    private static DepthUpdate Ask(long sequence, long price, long quantity) => new(sequence, Side.Sell, price, quantity);

    /// <summary>Bids 100/99/98 (qty 10/20/30) and asks 101/102/103 (qty 11/21/31), sequence 6.</summary>
    private static DepthBook ThreeByThree(int snapshotDepth = 0)
    {
        var book = new DepthBook(snapshotDepth);
        Assert.That(book.Apply(Bid(1, 99, 20)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Apply(Bid(2, 100, 10)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Apply(Bid(3, 98, 30)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Apply(Ask(4, 102, 21)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Apply(Ask(5, 103, 31)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Apply(Ask(6, 101, 11)), Is.EqualTo(DepthResult.Applied));
        return book;
    }

    private static Level[] Levels(DepthBook book, Side side)
    {
        var levels = new Level[book.LevelCount(side)];
        Assert.That(book.GetLevels(side, levels), Is.EqualTo(levels.Length));
        return levels;
    }

    [Test]
    public void DepthUpdate_and_DepthBookState_have_the_documented_blittable_layouts()
    {
        Assert.That(Unsafe.SizeOf<DepthUpdate>(), Is.EqualTo(32));
        Assert.That(Marshal.SizeOf<DepthUpdate>(), Is.EqualTo(32));
        Assert.That(Marshal.OffsetOf<DepthUpdate>(nameof(DepthUpdate.Side)).ToInt32(), Is.EqualTo(24));
        Assert.That(Marshal.OffsetOf<DepthUpdate>(nameof(DepthUpdate.OrderCount)).ToInt32(), Is.EqualTo(28));
        Assert.That(Unsafe.SizeOf<DepthBookState>(), Is.EqualTo(96));
        Assert.That(Marshal.OffsetOf<DepthBookState>(nameof(DepthBookState.LastSequence)).ToInt32(), Is.EqualTo(16));
        Assert.That(Marshal.OffsetOf<DepthBookState>(nameof(DepthBookState.InvalidCount)).ToInt32(), Is.EqualTo(88));
        Assert.That(sizeof(DepthResult), Is.EqualTo(4));
        Assert.That(sizeof(DepthStatus), Is.EqualTo(4));
    }

    [Test]
    public void New_book_is_empty_at_sequence_0_and_accepts_sequence_1()
    {
        var book = new DepthBook();
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Empty));
        Assert.That(book.LastSequence, Is.EqualTo(0));
        Assert.That(book.BestBid, Is.EqualTo(default(Level)));
        Assert.That(book.BestAsk, Is.EqualTo(default(Level)));

        Assert.That(book.Apply(Bid(1, 100, 5)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Ok));
        Assert.That(book.BestBid, Is.EqualTo(new Level(100, 5)));
    }

    [Test]
    public void Levels_come_out_best_first_bids_descending_asks_ascending()
    {
        DepthBook book = ThreeByThree();
        Assert.That(Levels(book, Side.Buy), Is.EqualTo(new[] { new Level(100, 10), new Level(99, 20), new Level(98, 30) }));
        Assert.That(Levels(book, Side.Sell), Is.EqualTo(new[] { new Level(101, 11), new Level(102, 21), new Level(103, 31) }));
        Assert.That(book.BidLevelCount, Is.EqualTo(3));
        Assert.That(book.AskLevelCount, Is.EqualTo(3));
        Assert.That(book.GetLevel(Side.Sell, 2), Is.EqualTo(new Level(103, 31)));
        Assert.That(book.GetLevel(Side.Sell, 3), Is.EqualTo(default(Level)));
    }

    [Test]
    public void GetLevels_into_a_short_span_copies_the_best_levels_only()
    {
        DepthBook book = ThreeByThree();
        var two = new Level[2];
        Assert.That(book.GetLevels(Side.Buy, two), Is.EqualTo(2));
        Assert.That(two, Is.EqualTo(new[] { new Level(100, 10), new Level(99, 20) }));
    }

    [Test]
    public void Update_of_an_existing_price_replaces_its_quantity_and_order_count()
    {
        DepthBook book = ThreeByThree();
        Assert.That(book.Apply(7, Side.Buy, 99, 25, 3), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.GetLevel(Side.Buy, 1), Is.EqualTo(new Level(99, 25, 3)));
        Assert.That(book.BidLevelCount, Is.EqualTo(3));
    }

    [Test]
    public void Quantity_0_deletes_the_level()
    {
        DepthBook book = ThreeByThree();
        Assert.That(book.Apply(Bid(7, 99, 0)), Is.EqualTo(DepthResult.Applied));
        Assert.That(Levels(book, Side.Buy), Is.EqualTo(new[] { new Level(100, 10), new Level(98, 30) }));
    }

    [Test]
    public void Deleting_the_best_level_makes_the_next_one_best()
    {
        DepthBook book = ThreeByThree();
        book.Apply(Bid(7, 100, 0));
        book.Apply(Ask(8, 101, 0));
        Assert.That(book.BestBid, Is.EqualTo(new Level(99, 20)));
        Assert.That(book.BestAsk, Is.EqualTo(new Level(102, 21)));
    }

    [Test]
    public void Deleting_every_level_leaves_an_empty_book()
    {
        DepthBook book = ThreeByThree();
        long sequence = 6;
        foreach (long price in new long[] { 98, 100, 99 })
            book.Apply(Bid(++sequence, price, 0));
        foreach (long price in new long[] { 102, 101, 103 })
            book.Apply(Ask(++sequence, price, 0));
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Empty));
        Assert.That(book.BestBid, Is.EqualTo(default(Level)));
        Assert.That(book.BidLevelCount + book.AskLevelCount, Is.EqualTo(0));
    }

    [Test]
    public void Delete_of_an_unknown_price_is_a_counted_no_op_that_advances_the_sequence()
    {
        DepthBook book = ThreeByThree();
        Assert.That(book.Apply(Bid(7, 97, 0)), Is.EqualTo(DepthResult.UnknownLevel));
        Assert.That(book.Apply(Ask(8, 100, 0)), Is.EqualTo(DepthResult.UnknownLevel));
        Assert.That(book.State.UnknownLevelCount, Is.EqualTo(2));
        Assert.That(book.LastSequence, Is.EqualTo(8));
        Assert.That(book.BidLevelCount + book.AskLevelCount, Is.EqualTo(6));
        Assert.That(book.Apply(Bid(9, 97, 1)), Is.EqualTo(DepthResult.Applied));
    }

    [Test]
    public void Sequence_gap_is_reported_and_makes_the_book_stale()
    {
        DepthBook book = ThreeByThree();
        Assert.That(book.Apply(Bid(8, 100, 99)), Is.EqualTo(DepthResult.SequenceGap));

        Assert.That(book.IsStale, Is.True);
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Stale));
        Assert.That(book.State.GapCount, Is.EqualTo(1));
        Assert.That(book.BestBid.Quantity, Is.EqualTo(10), "the gap update is not applied");
        Assert.That(book.LastSequence, Is.EqualTo(6));
    }

    [Test]
    public void Updates_while_stale_are_dropped_and_counted()
    {
        DepthBook book = ThreeByThree();
        book.Apply(Bid(9, 100, 1));
        Assert.That(book.Apply(Bid(10, 100, 2)), Is.EqualTo(DepthResult.DroppedStale));
        Assert.That(book.Apply(Bid(7, 100, 3)), Is.EqualTo(DepthResult.DroppedStale), "even the sequence that was missing");

        DepthBookState state = book.State;
        Assert.That(state.DroppedStaleCount, Is.EqualTo(2));
        Assert.That(state.GapCount, Is.EqualTo(1));
        Assert.That(book.BestBid.Quantity, Is.EqualTo(10));
    }

    [Test]
    public void Snapshot_clears_stale_and_replaces_the_levels()
    {
        DepthBook book = ThreeByThree();
        book.Apply(Bid(9, 100, 1));
        Assert.That(book.IsStale, Is.True);

        DepthResult result = book.LoadSnapshot(new[] { new Level(95, 1), new Level(94, 2) }, new[] { new Level(96, 3) }, 20);

        Assert.That(result, Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Ok));
        Assert.That(Levels(book, Side.Buy), Is.EqualTo(new[] { new Level(95, 1), new Level(94, 2) }));
        Assert.That(Levels(book, Side.Sell), Is.EqualTo(new[] { new Level(96, 3) }));
        DepthBookState state = book.State;
        Assert.That(state.SnapshotSequence, Is.EqualTo(20));
        Assert.That(state.LastSequence, Is.EqualTo(20));
        Assert.That(state.SnapshotCount, Is.EqualTo(1));
        Assert.That(book.Apply(Ask(21, 97, 4)), Is.EqualTo(DepthResult.Applied));
    }

    [Test]
    public void Updates_at_or_below_the_snapshot_sequence_are_dropped_and_counted()
    {
        var book = new DepthBook();
        book.LoadSnapshot(new[] { new Level(100, 1) }, new[] { new Level(101, 1) }, 50);

        Assert.That(book.Apply(Bid(49, 100, 7)), Is.EqualTo(DepthResult.DroppedOld));
        Assert.That(book.Apply(Bid(50, 100, 8)), Is.EqualTo(DepthResult.DroppedOld));
        Assert.That(book.Apply(Bid(51, 100, 9)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Apply(Bid(51, 100, 10)), Is.EqualTo(DepthResult.DroppedOld), "a duplicate");

        Assert.That(book.State.DroppedOldCount, Is.EqualTo(3));
        Assert.That(book.BestBid.Quantity, Is.EqualTo(9));
        Assert.That(book.IsStale, Is.False);
    }

    [Test]
    public void Crossed_book_is_applied_flagged_and_counted_until_it_uncrosses()
    {
        DepthBook book = ThreeByThree();
        Assert.That(book.Apply(Bid(7, 101, 5)), Is.EqualTo(DepthResult.Crossed), "bid equal to the best ask crosses");
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Crossed));
        Assert.That(book.BestBid, Is.EqualTo(new Level(101, 5)));
        Assert.That(book.Apply(Bid(8, 102, 5)), Is.EqualTo(DepthResult.Crossed));
        Assert.That(book.State.CrossedCount, Is.EqualTo(2));

        book.Apply(Bid(9, 102, 0));
        Assert.That(book.Apply(Bid(10, 101, 0)), Is.EqualTo(DepthResult.Applied));
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Ok));
        Assert.That(book.State.CrossedCount, Is.EqualTo(3));
    }

    [Test]
    public void Crossed_snapshot_is_loaded_and_flagged()
    {
        var book = new DepthBook();
        DepthResult result = book.LoadSnapshot(new[] { new Level(105, 1) }, new[] { new Level(104, 1) }, 3);
        Assert.That(result, Is.EqualTo(DepthResult.Crossed));
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Crossed));
        Assert.That(book.State.CrossedCount, Is.EqualTo(1));
    }

    [Test]
    public void Stale_and_crossed_can_hold_together()
    {
        DepthBook book = ThreeByThree();
        book.Apply(Ask(7, 100, 1));
        book.Apply(Ask(9, 100, 1));
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Stale | DepthStatus.Crossed));
    }

    [Test]
    public void Invalid_side_or_negative_quantity_is_rejected_and_changes_nothing()
    {
        DepthBook book = ThreeByThree();
        Assert.That(book.Apply(new DepthUpdate(7, (Side)0, 100, 1)), Is.EqualTo(DepthResult.Invalid));
        Assert.That(book.Apply(new DepthUpdate(7, (Side)3, 100, 1)), Is.EqualTo(DepthResult.Invalid));
        Assert.That(book.Apply(Bid(7, 100, -1)), Is.EqualTo(DepthResult.Invalid));
        Assert.That(book.State.InvalidCount, Is.EqualTo(3));
        Assert.That(book.LastSequence, Is.EqualTo(6));
        Assert.That(book.Apply(Bid(7, 100, 1)), Is.EqualTo(DepthResult.Applied));
    }

    [Test]
    public void Snapshot_with_misordered_or_empty_levels_is_rejected_and_leaves_the_book_unchanged()
    {
        DepthBook book = ThreeByThree();
        Assert.That(() => book.LoadSnapshot(new[] { new Level(99, 1), new Level(100, 1) }, default, 10),
            Throws.ArgumentException.With.Message.Contains("bids must be strictly descending"));
        Assert.That(() => book.LoadSnapshot(default, new[] { new Level(101, 1), new Level(101, 1) }, 10),
            Throws.ArgumentException.With.Message.Contains("asks must be strictly ascending"));
        Assert.That(() => book.LoadSnapshot(new[] { new Level(100, 0) }, default, 10),
            Throws.ArgumentException.With.Message.Contains("quantity 0"));

        Assert.That(book.LastSequence, Is.EqualTo(6));
        Assert.That(book.BidLevelCount, Is.EqualTo(3));
        Assert.That(book.State.SnapshotCount, Is.EqualTo(0));
    }

    [Test]
    public void Empty_snapshot_empties_the_book()
    {
        DepthBook book = ThreeByThree(snapshotDepth: 2);
        book.LoadSnapshot(default, default, 100);
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Empty));
        book.Snapshot!.ReadTop(out TopOfBook top, out int flags);
        Assert.That(top.Bid, Is.EqualTo(default(Level)));
        Assert.That(top.Sequence, Is.EqualTo(100));
        Assert.That(flags, Is.EqualTo((int)DepthStatus.Empty));
    }

    [Test]
    public void Batch_applies_all_updates_and_reports_the_count()
    {
        var book = new DepthBook();
        DepthUpdate[] batch = { Bid(1, 100, 1), Bid(2, 99, 2), Ask(3, 101, 3), Bid(4, 100, 0) };
        Assert.That(book.ApplyBatch(batch, out DepthResult result), Is.EqualTo(4));
        Assert.That(result, Is.EqualTo(DepthResult.Applied));
        Assert.That(book.BestBid, Is.EqualTo(new Level(99, 2)));
        Assert.That(book.LastSequence, Is.EqualTo(4));
        Assert.That(book.State.UpdateCount, Is.EqualTo(4));
    }

    [Test]
    public void Batch_stops_at_the_first_gap_and_reports_its_index()
    {
        var book = new DepthBook();
        DepthUpdate[] batch = { Bid(1, 100, 1), Bid(2, 99, 2), Ask(4, 101, 3), Ask(5, 102, 3) };
        Assert.That(book.ApplyBatch(batch, out DepthResult result), Is.EqualTo(2));
        Assert.That(result, Is.EqualTo(DepthResult.SequenceGap));
        Assert.That(book.IsStale, Is.True);
        Assert.That(book.AskLevelCount, Is.EqualTo(0));
        Assert.That(book.State.DroppedStaleCount, Is.EqualTo(0), "updates after the stop are not consumed");
    }

    [Test]
    public void Batch_stops_at_an_invalid_update_without_making_the_book_stale()
    {
        var book = new DepthBook();
        DepthUpdate[] batch = { Bid(1, 100, 1), Bid(2, 99, -2), Bid(2, 99, 2) };
        Assert.That(book.ApplyBatch(batch, out DepthResult result), Is.EqualTo(1));
        Assert.That(result, Is.EqualTo(DepthResult.Invalid));
        Assert.That(book.IsStale, Is.False);
        Assert.That(book.ApplyBatch(batch.AsSpan(2), out result), Is.EqualTo(1));
        Assert.That(result, Is.EqualTo(DepthResult.Applied));
    }

    [Test]
    public void Batch_on_a_stale_book_drops_every_update()
    {
        var book = new DepthBook();
        book.Apply(Bid(5, 100, 1));
        DepthUpdate[] batch = { Bid(6, 100, 1), Bid(7, 99, 2) };
        Assert.That(book.ApplyBatch(batch, out DepthResult result), Is.EqualTo(2));
        Assert.That(result, Is.EqualTo(DepthResult.DroppedStale));
        Assert.That(book.State.DroppedStaleCount, Is.EqualTo(2));
    }

    [Test]
    public void Batch_checks_crossing_only_on_its_final_state()
    {
        DepthBook book = ThreeByThree();
        // A bid through the best ask, then that ask removed: crossed in between, not at the end.
        DepthUpdate[] through = { Bid(7, 101, 5), Ask(8, 101, 0) };
        Assert.That(book.ApplyBatch(through, out DepthResult result), Is.EqualTo(2));
        Assert.That(result, Is.EqualTo(DepthResult.Applied));
        Assert.That(book.State.CrossedCount, Is.EqualTo(0));

        DepthUpdate[] crossing = { Bid(9, 103, 1) };
        book.ApplyBatch(crossing, out result);
        Assert.That(result, Is.EqualTo(DepthResult.Crossed));
        Assert.That(book.Status, Is.EqualTo(DepthStatus.Crossed));
        Assert.That(book.State.CrossedCount, Is.EqualTo(1));
    }

    [Test]
    public void Insert_and_delete_deep_in_a_large_book_keep_the_order()
    {
        var book = new DepthBook(levelCapacity: 4);
        long sequence = 0;
        for (int i = 0; i < 1000; i++)
        {
            book.Apply(Bid(++sequence, 10_000 - 2 * i, i + 1));
            book.Apply(Ask(++sequence, 10_001 + 2 * i, i + 1));
        }
        // Odd prices between the existing even bid prices, then delete every 3rd original level.
        for (int i = 0; i < 1000; i += 7)
            book.Apply(Bid(++sequence, 10_000 - 2 * i - 1, 1));
        for (int i = 0; i < 1000; i += 3)
            book.Apply(Ask(++sequence, 10_001 + 2 * i, 0));

        Assert.That(book.CheckInvariants(), Is.True);
        Assert.That(book.BidLevelCount, Is.EqualTo(1000 + 143));
        Assert.That(book.AskLevelCount, Is.EqualTo(1000 - 334));
        Level[] bids = Levels(book, Side.Buy);
        for (int i = 1; i < bids.Length; i++)
            Assert.That(bids[i].Price, Is.LessThan(bids[i - 1].Price));
        Assert.That(book.BestAsk.Price, Is.EqualTo(10_003));
        Assert.That(book.GetLevel(Side.Buy, 1).Price, Is.EqualTo(9_999));
    }

    [Test]
    public void Prices_at_the_extremes_of_long_sort_correctly_on_both_sides()
    {
        var book = new DepthBook();
        book.Apply(Ask(1, long.MaxValue, 1));
        book.Apply(Ask(2, long.MinValue, 1));
        book.Apply(Ask(3, 0, 1));
        book.Apply(Bid(4, long.MinValue, 1));
        book.Apply(Bid(5, -5, 1));
        Assert.That(Levels(book, Side.Sell), Has.Exactly(3).Items);
        Assert.That(book.GetLevel(Side.Sell, 0).Price, Is.EqualTo(long.MinValue));
        Assert.That(book.GetLevel(Side.Sell, 2).Price, Is.EqualTo(long.MaxValue));
        Assert.That(book.BestBid.Price, Is.EqualTo(-5));
        Assert.That(book.CheckInvariants(), Is.True);
    }

    [Test]
    public void Snapshot_depth_0_means_no_snapshot()
    {
        Assert.That(new DepthBook().Snapshot, Is.Null);
        Assert.That(new DepthBook(3).Snapshot!.Depth, Is.EqualTo(3));
        Assert.That(() => new DepthBook(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new DepthBook(0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Snapshot_follows_every_applied_update_with_sequence_and_status()
    {
        DepthBook book = ThreeByThree(snapshotDepth: 2);
        BookSnapshot snapshot = book.Snapshot!;
        var bids = new Level[2];
        var asks = new Level[2];

        long sequence = snapshot.ReadLevels(bids, asks, out int bidCount, out int askCount, out int flags);
        Assert.That(sequence, Is.EqualTo(6));
        Assert.That(bids, Is.EqualTo(new[] { new Level(100, 10), new Level(99, 20) }));
        Assert.That(asks, Is.EqualTo(new[] { new Level(101, 11), new Level(102, 21) }));
        Assert.That((bidCount, askCount, flags), Is.EqualTo((2, 2, 0)));

        book.Apply(Bid(7, 100, 0));          // top deleted: both published bid slots shift
        book.Apply(Ask(8, 102, 22));         // in-place change at depth 1
        book.Apply(Ask(9, 150, 5));          // below the published depth
        sequence = snapshot.ReadLevels(bids, asks, out bidCount, out askCount, out flags);
        Assert.That(sequence, Is.EqualTo(9));
        Assert.That(bids, Is.EqualTo(new[] { new Level(99, 20), new Level(98, 30) }));
        Assert.That(asks, Is.EqualTo(new[] { new Level(101, 11), new Level(102, 22) }));

        book.Apply(Bid(11, 99, 1));          // gap: not applied, but readers learn the book is stale
        snapshot.ReadTop(out TopOfBook top, out flags);
        Assert.That(flags, Is.EqualTo((int)DepthStatus.Stale));
        Assert.That(top.Sequence, Is.EqualTo(9));
        Assert.That(top.Bid, Is.EqualTo(new Level(99, 20)));
    }

    [Test]
    public void Apply_and_reads_allocate_nothing_in_steady_state()
    {
        var book = new DepthBook(snapshotDepth: 10);
        BookSnapshot snapshot = book.Snapshot!;
        var batch = new DepthUpdate[8];
        var levels = new Level[10];
        var asks = new Level[10];
        long sequence = 0;
        long checksum = 0;
        var random = new Random(42);
        void Run(int rounds)
        {
            for (int i = 0; i < rounds; i++)
            {
                long price = 1000 + random.Next(-20, 20);
                Side side = price < 1000 ? Side.Buy : Side.Sell;
                checksum += (int)book.Apply(++sequence, side, price, random.Next(0, 3) * 10);
                for (int b = 0; b < batch.Length; b++)
                {
                    price = 1000 + random.Next(-20, 20);
                    batch[b] = new DepthUpdate(++sequence, price < 1000 ? Side.Buy : Side.Sell, price, random.Next(0, 3));
                }
                checksum += book.ApplyBatch(batch, out _);
                checksum += book.BestBid.Price + book.BestAsk.Quantity + book.GetLevels(Side.Buy, levels);
                book.GetTop(out TopOfBook top);
                checksum += top.Sequence + book.State.UpdateCount;
                snapshot.ReadTop(out top);
                checksum += top.Bid.Price + snapshot.ReadLevels(levels, asks, out int bc, out int ac) + bc + ac;
            }
        }
        Run(2000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(50_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.EqualTo(0), $"checksum {checksum}");
        Assert.That(book.State.UpdateCount, Is.EqualTo(sequence));
    }
}
