using System;
using System.Threading;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// One writer publishes millions of versions of a book whose every field is a function of the
/// version's sequence; readers on other threads check that every read is exactly one version
/// (no field from another), never crossed, and never older than their previous read.
/// </summary>
[NonParallelizable]
public class BookSnapshotStressTests
{
    private const int Depth = 5;
    private const int Publishes = 3_000_000;

    // Every level of version s is derived from s, so a mix of two versions breaks an equality.
    private static long BestBid(long s) => 1_000_000 + s % 997 * 3;
    private static Level BidAt(long s, int depth) => new(BestBid(s) - depth, s, depth + 1);
    private static Level AskAt(long s, int depth) => new(BestBid(s) + 1 + depth, s + depth, depth + 1);
    private static int FlagsOf(long s) => (int)(s % 251);

    [Test]
    public void Readers_never_see_a_torn_crossed_or_older_publish_while_one_writer_publishes_millions()
    {
        var snapshot = new BookSnapshot(Depth);
        var reader = new Reader[2];
        using var done = new ManualResetEventSlim();
        string? firstError = null;

        void ReaderLoop(Reader me)
        {
            var bids = new Level[Depth];
            var asks = new Level[Depth];
            long previous = 0, unchanged = 0;
            bool levels = me.Index == 1;
            while (Volatile.Read(ref firstError) == null)
            {
                bool finished = done.IsSet;
                long s;
                string? error;
                if (levels || (me.Reads & 1) == 0)
                {
                    s = snapshot.ReadLevels(bids, asks, out int bidCount, out int askCount, out int flags);
                    error = CheckLevels(s, bids, asks, bidCount, askCount, flags);
                    me.LevelReads++;
                }
                else
                {
                    snapshot.ReadTop(out TopOfBook top, out int flags);
                    s = top.Sequence;
                    error = CheckTop(top, flags);
                }
                Volatile.Write(ref me.Reads, me.Reads + 1);
                if (error == null && s < previous)
                    error = $"sequence went back from {previous} to {s}";
                if (error != null)
                {
                    Interlocked.CompareExchange(ref firstError, $"reader {me.Index} read {me.Reads}: {error}", null);
                    return;
                }
                if (s != previous)
                    me.DistinctVersions++;
                else if (++unchanged % 64 == 0)
                    Thread.Yield(); // nothing new for a while: let the writer have the core (2 cores, 3 threads)
                else
                    Thread.SpinWait(16);
                previous = s;
                me.LastSequence = s;
                if (finished)
                    return;
            }
        }

        var threads = new Thread[reader.Length];
        for (int r = 0; r < reader.Length; r++)
        {
            Reader me = reader[r] = new Reader { Index = r };
            threads[r] = new Thread(() => ReaderLoop(me)) { IsBackground = true, Name = $"snapshot-reader-{r}" };
            threads[r].Start();
        }

        var bidBuffer = new Level[Depth];
        var askBuffer = new Level[Depth];
        for (long s = 1; s <= Publishes && Volatile.Read(ref firstError) == null; s++)
        {
            if (s % 4 == 0)
            {
                // Exercise the trio: only the quantities that change are rewritten... here all of them.
                snapshot.BeginPublish();
                for (int d = 0; d < Depth; d++)
                {
                    snapshot.SetBid(d, BidAt(s, d));
                    snapshot.SetAsk(d, AskAt(s, d));
                }
                snapshot.EndPublish(Depth, Depth, s, FlagsOf(s));
            }
            else
            {
                for (int d = 0; d < Depth; d++)
                {
                    bidBuffer[d] = BidAt(s, d);
                    askBuffer[d] = AskAt(s, d);
                }
                snapshot.Publish(bidBuffer, askBuffer, s, FlagsOf(s));
            }
            // A publish every few ns leaves a reader almost no window in which its copy completes
            // untorn while the writer runs; a short pause makes most reads overlap a live writer.
            if ((s & 1) == 0)
                Thread.SpinWait(8);
            // On a loaded 2-core machine the readers may not get a core for a long time: every 64
            // publishes, wait until some reader has completed another read, so the run always
            // interleaves reads with publishes (a test harness choice; the writer never waits in VeloZ).
            if ((s & 63) == 0)
            {
                long seen = Volatile.Read(ref reader[0].Reads) + Volatile.Read(ref reader[1].Reads);
                while (Volatile.Read(ref reader[0].Reads) + Volatile.Read(ref reader[1].Reads) == seen && Volatile.Read(ref firstError) == null)
                    Thread.Yield();
            }
        }
        done.Set();
        foreach (Thread t in threads)
            Assert.That(t.Join(TimeSpan.FromMinutes(2)), Is.True, "reader did not finish");

        foreach (Reader r in reader)
            TestContext.Out.WriteLine($"reader {r.Index}: {r.Reads:N0} reads ({r.LevelReads:N0} ReadLevels), {r.DistinctVersions:N0} distinct versions, last sequence {r.LastSequence:N0}");
        Assert.That(firstError, Is.Null);
        foreach (Reader r in reader)
        {
            Assert.That(r.Reads, Is.GreaterThan(0));
            Assert.That(r.LastSequence, Is.EqualTo(Publishes), "the read after the writer finished must see the last publish");
        }
        Assert.That(snapshot.Version, Is.EqualTo(2L * Publishes));
    }

    private static string? CheckTop(in TopOfBook top, int flags)
    {
        long s = top.Sequence;
        if (s == 0)
            return top.Equals(default(TopOfBook)) && flags == 0 ? null : $"unpublished snapshot not all zeros: {top}";
        if (!top.Bid.Equals(BidAt(s, 0)) || !top.Ask.Equals(AskAt(s, 0)) || flags != FlagsOf(s))
            return $"torn top at sequence {s}: {top}, flags {flags}";
        return top.Bid.Price < top.Ask.Price ? null : $"crossed top {top}";
    }

    private static string? CheckLevels(long s, Level[] bids, Level[] asks, int bidCount, int askCount, int flags)
    {
        if (s == 0)
            return bidCount == 0 && askCount == 0 ? null : $"unpublished snapshot has {bidCount}/{askCount} levels";
        if (bidCount != Depth || askCount != Depth || flags != FlagsOf(s))
            return $"sequence {s}: counts {bidCount}/{askCount} flags {flags}";
        for (int d = 0; d < Depth; d++)
        {
            if (!bids[d].Equals(BidAt(s, d)) || !asks[d].Equals(AskAt(s, d)))
                return $"torn level {d} at sequence {s}: bid {bids[d]} ask {asks[d]}";
        }
        return bids[0].Price < asks[0].Price ? null : $"crossed at sequence {s}";
    }

    private sealed class Reader
    {
        public int Index;
        public long Reads;
        public long LevelReads;
        public long DistinctVersions;
        public long LastSequence;
    }
}
