using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

public class BookSnapshotTests
{
    private static Level[] Bids(long best, int count, long quantity = 10)
    {
        var levels = new Level[count];
        for (int i = 0; i < count; i++)
            levels[i] = new Level(best - i, quantity + i, i + 1);
        return levels;
    }

    private static Level[] Asks(long best, int count, long quantity = 20)
    {
        var levels = new Level[count];
        for (int i = 0; i < count; i++)
            levels[i] = new Level(best + i, quantity + i, i + 1);
        return levels;
    }

    [Test]
    public void Shared_value_types_have_the_documented_blittable_sizes()
    {
        Assert.That(Unsafe.SizeOf<Level>(), Is.EqualTo(24));
        Assert.That(Marshal.SizeOf<Level>(), Is.EqualTo(24));
        Assert.That(Unsafe.SizeOf<TopOfBook>(), Is.EqualTo(56));
        Assert.That(Marshal.OffsetOf<TopOfBook>(nameof(TopOfBook.Ask)).ToInt32(), Is.EqualTo(24));
        Assert.That(Marshal.OffsetOf<TopOfBook>(nameof(TopOfBook.Sequence)).ToInt32(), Is.EqualTo(48));
        Assert.That(Unsafe.SizeOf<Side>(), Is.EqualTo(1));
    }

    [Test]
    public void Read_before_any_publish_returns_all_zeros()
    {
        var snapshot = new BookSnapshot(4);
        snapshot.ReadTop(out TopOfBook top);
        long sequence = snapshot.ReadLevels(new Level[4], new Level[4], out int bidCount, out int askCount);

        Assert.That(top, Is.EqualTo(default(TopOfBook)));
        Assert.That(sequence, Is.EqualTo(0));
        Assert.That(bidCount, Is.EqualTo(0));
        Assert.That(askCount, Is.EqualTo(0));
        Assert.That(snapshot.Version, Is.EqualTo(0));
    }

    [Test]
    public void ReadTop_returns_the_best_levels_and_sequence_of_the_last_publish()
    {
        var snapshot = new BookSnapshot(3);
        snapshot.Publish(Bids(100, 3), Asks(101, 3), 7);
        snapshot.Publish(Bids(99, 3), Asks(102, 2), 8);

        snapshot.ReadTop(out TopOfBook top);

        Assert.That(top.Bid, Is.EqualTo(new Level(99, 10, 1)));
        Assert.That(top.Ask, Is.EqualTo(new Level(102, 20, 1)));
        Assert.That(top.Sequence, Is.EqualTo(8));
    }

    [Test]
    public void ReadLevels_returns_published_levels_best_first_with_counts()
    {
        var snapshot = new BookSnapshot(4);
        Level[] bids = Bids(100, 4), asks = Asks(101, 2);
        snapshot.Publish(bids, asks, 5, flags: 3);

        var bidsOut = new Level[4];
        var asksOut = new Level[4];
        long sequence = snapshot.ReadLevels(bidsOut, asksOut, out int bidCount, out int askCount, out int flags);

        Assert.That(sequence, Is.EqualTo(5));
        Assert.That(flags, Is.EqualTo(3));
        Assert.That(bidCount, Is.EqualTo(4));
        Assert.That(askCount, Is.EqualTo(2));
        Assert.That(bidsOut, Is.EqualTo(bids));
        Assert.That(asksOut[..2], Is.EqualTo(asks));
    }

    [Test]
    public void Publish_keeps_only_Depth_levels_per_side()
    {
        var snapshot = new BookSnapshot(2);
        snapshot.Publish(Bids(100, 5), Asks(101, 5), 1);

        var bidsOut = new Level[5];
        var asksOut = new Level[5];
        snapshot.ReadLevels(bidsOut, asksOut, out int bidCount, out int askCount);

        Assert.That(bidCount, Is.EqualTo(2));
        Assert.That(askCount, Is.EqualTo(2));
        Assert.That(bidsOut[1].Price, Is.EqualTo(99));
        Assert.That(asksOut[1].Price, Is.EqualTo(102));
        Assert.That(bidsOut[2], Is.EqualTo(default(Level)));
    }

    [Test]
    public void ReadLevels_into_short_spans_copies_only_what_fits()
    {
        var snapshot = new BookSnapshot(5);
        snapshot.Publish(Bids(100, 5), Asks(101, 5), 1);

        var bidsOut = new Level[2];
        snapshot.ReadLevels(bidsOut, Span<Level>.Empty, out int bidCount, out int askCount);

        Assert.That(bidCount, Is.EqualTo(2));
        Assert.That(askCount, Is.EqualTo(0));
        Assert.That(bidsOut[1].Price, Is.EqualTo(99));
    }

    [Test]
    public void PublishTop_reports_one_level_per_non_empty_side_and_hides_deeper_levels()
    {
        var snapshot = new BookSnapshot(3);
        snapshot.Publish(Bids(100, 3), Asks(101, 3), 1);
        snapshot.PublishTop(new Level(98, 5, 1), default, 2, flags: 1);

        var bidsOut = new Level[3];
        var asksOut = new Level[3];
        long sequence = snapshot.ReadLevels(bidsOut, asksOut, out int bidCount, out int askCount, out int flags);
        snapshot.ReadTop(out TopOfBook top, out int topFlags);

        Assert.That(sequence, Is.EqualTo(2));
        Assert.That(bidCount, Is.EqualTo(1));
        Assert.That(askCount, Is.EqualTo(0));
        Assert.That(bidsOut[0], Is.EqualTo(new Level(98, 5, 1)));
        Assert.That(top.Ask, Is.EqualTo(default(Level)));
        Assert.That(flags, Is.EqualTo(1));
        Assert.That(topFlags, Is.EqualTo(1));
    }

    [Test]
    public void A_partial_publish_changes_only_the_levels_set_and_keeps_the_others()
    {
        var snapshot = new BookSnapshot(3);
        snapshot.Publish(Bids(100, 3), Asks(101, 3), 1);

        snapshot.BeginPublish();
        snapshot.SetBid(1, new Level(99, 777, 9));
        snapshot.SetAsk(0, new Level(101, 555, 4));
        snapshot.EndPublish(3, 3, 2);

        var bidsOut = new Level[3];
        var asksOut = new Level[3];
        snapshot.ReadLevels(bidsOut, asksOut, out _, out _);
        Assert.That(bidsOut, Is.EqualTo(new[] { new Level(100, 10, 1), new Level(99, 777, 9), new Level(98, 12, 3) }));
        Assert.That(asksOut, Is.EqualTo(new[] { new Level(101, 555, 4), new Level(102, 21, 2), new Level(103, 22, 3) }));
    }

    [Test]
    public void A_side_published_empty_reads_back_as_an_all_zero_top_level()
    {
        var snapshot = new BookSnapshot(3);
        snapshot.Publish(Bids(100, 3), Asks(101, 3), 1);
        snapshot.Publish(Bids(100, 2), ReadOnlySpan<Level>.Empty, 2);

        snapshot.ReadTop(out TopOfBook top);
        var asksOut = new Level[3];
        snapshot.ReadLevels(new Level[3], asksOut, out int bidCount, out int askCount);

        Assert.That(top.Ask, Is.EqualTo(default(Level)));
        Assert.That(top.Bid.Price, Is.EqualTo(100));
        Assert.That((bidCount, askCount), Is.EqualTo((2, 0)));
    }

    [Test]
    public void Depth_1_snapshot_has_no_deep_levels_and_reads_the_top_only()
    {
        var snapshot = new BookSnapshot(1);
        snapshot.Publish(Bids(100, 3), Asks(101, 3), 4);
        var bidsOut = new Level[3];
        var asksOut = new Level[3];
        long sequence = snapshot.ReadLevels(bidsOut, asksOut, out int bidCount, out int askCount);

        Assert.That(sequence, Is.EqualTo(4));
        Assert.That((bidCount, askCount), Is.EqualTo((1, 1)));
        Assert.That(bidsOut[0], Is.EqualTo(new Level(100, 10, 1)));
        Assert.That(asksOut[1], Is.EqualTo(default(Level)));
    }

    [Test]
    public void Block_is_independent_per_instance()
    {
        var first = new BookSnapshot(4);
        var second = new BookSnapshot(4);
        first.Publish(Bids(100, 4), Asks(101, 4), 1);
        second.Publish(Bids(200, 4), Asks(201, 4), 2);

        var bidsOut = new Level[4];
        first.ReadLevels(bidsOut, new Level[4], out _, out _);
        Assert.That(bidsOut[3].Price, Is.EqualTo(97));
        second.ReadTop(out TopOfBook top);
        Assert.That(top.Bid.Price, Is.EqualTo(200));
    }

    [Test]
    public void Version_is_twice_the_number_of_publishes_and_odd_during_one()
    {
        var snapshot = new BookSnapshot(1);
        snapshot.PublishTop(default, default, 1);
        snapshot.PublishTop(default, default, 2);
        Assert.That(snapshot.Version, Is.EqualTo(4));

        snapshot.BeginPublish();
        Assert.That(snapshot.Version, Is.EqualTo(5));
        snapshot.EndPublish(0, 0, 3);
        Assert.That(snapshot.Version, Is.EqualTo(6));
    }

    [Test]
    public void TryReadTop_fails_while_a_publish_is_in_progress_and_succeeds_after()
    {
        var snapshot = new BookSnapshot(1);
        snapshot.PublishTop(new Level(10, 1), new Level(11, 1), 1);

        snapshot.BeginPublish();
        snapshot.SetBid(0, new Level(9, 1));
        bool during = snapshot.TryReadTop(out _);
        snapshot.EndPublish(1, 1, 2);
        bool after = snapshot.TryReadTop(out TopOfBook top);

        Assert.That(during, Is.False);
        Assert.That(after, Is.True);
        Assert.That(top.Bid.Price, Is.EqualTo(9));
        Assert.That(top.Sequence, Is.EqualTo(2));
    }

    [Test]
    public void Depth_outside_1_to_MaxDepth_is_rejected()
    {
        Assert.That(() => new BookSnapshot(0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new BookSnapshot(BookSnapshot.MaxDepth + 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(new BookSnapshot(BookSnapshot.MaxDepth).Depth, Is.EqualTo(BookSnapshot.MaxDepth));
    }

    [Test]
    public void Misuse_of_the_publish_trio_throws_instead_of_corrupting_readers()
    {
        var snapshot = new BookSnapshot(2);
        Assert.That(() => snapshot.SetBid(0, default), Throws.InvalidOperationException);
        Assert.That(() => snapshot.EndPublish(0, 0, 1), Throws.InvalidOperationException);

        snapshot.BeginPublish();
        Assert.That(() => snapshot.BeginPublish(), Throws.InvalidOperationException);
        Assert.That(() => snapshot.SetAsk(2, default), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => snapshot.SetBid(-1, default), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => snapshot.EndPublish(3, 0, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        snapshot.EndPublish(0, 0, 1);
        Assert.That(snapshot.TryReadTop(out TopOfBook top), Is.True);
        Assert.That(top.Sequence, Is.EqualTo(1));
    }

    [Test]
    public void Publish_and_reads_allocate_nothing()
    {
        var snapshot = new BookSnapshot(10);
        Level[] bids = Bids(100, 10), asks = Asks(101, 10);
        var bidsOut = new Level[10];
        var asksOut = new Level[10];
        long checksum = 0;
        void Run(int n)
        {
            for (int i = 0; i < n; i++)
            {
                snapshot.Publish(bids, asks, i);
                snapshot.PublishTop(in bids[0], in asks[0], i);
                snapshot.BeginPublish();
                snapshot.SetBid(3, in bids[3]);
                snapshot.EndPublish(10, 10, i);
                snapshot.ReadTop(out TopOfBook top);
                snapshot.ReadTop(out TopOfBook top2, out int flags);
                snapshot.TryReadTop(out TopOfBook top3);
                checksum += top.Sequence + top2.Bid.Price + flags + top3.Ask.Quantity;
                checksum += snapshot.ReadLevels(bidsOut, asksOut, out int bc, out int ac) + bc + ac;
            }
        }
        Run(1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.EqualTo(0), $"checksum {checksum}");
    }
}
