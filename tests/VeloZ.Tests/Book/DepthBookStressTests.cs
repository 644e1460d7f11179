using System;
using System.Threading;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// A DepthBook owner thread applies millions of updates while reader threads read its snapshot.
/// Every published state satisfies an invariant derived from its sequence, so a torn, crossed,
/// half-applied or out-of-order read is detected.
/// </summary>
[NonParallelizable]
public class DepthBookStressTests
{
    private const int Depth = 5;
    private const int UpdatesPerStep = 4 * Depth;     // delete N bids, N asks, add N bids, N asks
    private const int Steps = 150_000;                 // 3,000,000 updates
    private const int SingleUpdates = 2_000_000;

    private static long BestBidOfStep(long step) => 50_000 + step % 61;

    [Test]
    public void Readers_see_only_whole_batches_while_the_owner_applies_three_million_updates()
    {
        var book = new DepthBook(Depth);
        BookSnapshot snapshot = book.Snapshot!;
        var batch = new DepthUpdate[UpdatesPerStep];
        long sequence = 0;

        // State of step k: bids BestBid(k) - d, asks BestBid(k) + 1 + d (d < Depth), every quantity k,
        // order counts d + 1, last sequence k * UpdatesPerStep.
        string? Check(long s, Level[] bids, Level[] asks, int bidCount, int askCount, int flags)
        {
            if (s == 0)
                return bidCount == 0 && askCount == 0 && flags == (int)DepthStatus.Empty ? null : $"initial state {bidCount}/{askCount} flags {flags}";
            if (s % UpdatesPerStep != 0)
                return $"sequence {s} is inside a batch";
            long k = s / UpdatesPerStep;
            if (bidCount != Depth || askCount != Depth || flags != 0)
                return $"step {k}: counts {bidCount}/{askCount}, flags {flags}";
            for (int d = 0; d < Depth; d++)
            {
                if (!bids[d].Equals(new Level(BestBidOfStep(k) - d, k, d + 1)) || !asks[d].Equals(new Level(BestBidOfStep(k) + 1 + d, k, d + 1)))
                    return $"step {k} depth {d}: bid {bids[d]} ask {asks[d]}";
            }
            return null;
        }

        string? CheckTop(in TopOfBook top, int flags)
        {
            long s = top.Sequence;
            if (s == 0)
                return top.Equals(default(TopOfBook)) ? null : $"initial top {top}";
            long k = s / UpdatesPerStep;
            if (s % UpdatesPerStep != 0 || flags != 0)
                return $"top at sequence {s} flags {flags}";
            if (!top.Bid.Equals(new Level(BestBidOfStep(k), k, 1)) || !top.Ask.Equals(new Level(BestBidOfStep(k) + 1, k, 1)))
                return $"step {k}: torn top {top}";
            return top.Bid.Price < top.Ask.Price ? null : $"crossed top {top}";
        }

        string? stats = RunReaders(snapshot, Check, CheckTop, pace =>
        {
            for (long k = 1; k <= Steps; k++)
            {
                int n = 0;
                for (int d = 0; d < Depth; d++)
                {
                    if (k > 1)
                    {
                        batch[n++] = new DepthUpdate(++sequence, Side.Buy, BestBidOfStep(k - 1) - d, 0);
                        batch[n++] = new DepthUpdate(++sequence, Side.Sell, BestBidOfStep(k - 1) + 1 + d, 0);
                    }
                    else
                    {
                        // Step 1 starts from an empty book: fill the batch with harmless unknown deletes.
                        batch[n++] = new DepthUpdate(++sequence, Side.Buy, 1, 0);
                        batch[n++] = new DepthUpdate(++sequence, Side.Sell, 1, 0);
                    }
                }
                for (int d = 0; d < Depth; d++)
                {
                    batch[n++] = new DepthUpdate(++sequence, Side.Buy, BestBidOfStep(k) - d, k, d + 1);
                    batch[n++] = new DepthUpdate(++sequence, Side.Sell, BestBidOfStep(k) + 1 + d, k, d + 1);
                }
                if (book.ApplyBatch(batch, out DepthResult result) != UpdatesPerStep || result != DepthResult.Applied)
                    return $"writer: step {k} batch gave {result}";
                pace();
            }
            return null;
        }, finalSequence: (long)Steps * UpdatesPerStep);

        Assert.That(book.State.UpdateCount, Is.EqualTo((long)Steps * UpdatesPerStep));
        Assert.That(stats, Is.Null);
    }

    [Test]
    public void Readers_see_each_single_update_whole_while_the_owner_applies_two_million_updates()
    {
        var book = new DepthBook(Depth);
        BookSnapshot snapshot = book.Snapshot!;
        // Levels never move; update s sets the quantity s on bid level (s % Depth) when s is odd
        // and on ask level (s % Depth) when even. A reader checks each level holds the latest s of
        // its kind: exactly what a whole, in-order publish of update s shows.
        const long Bid0 = 1_000, Ask0 = 1_001;
        for (int d = 0; d < Depth; d++)
        {
            book.Apply(book.LastSequence + 1, Side.Buy, Bid0 - d, 1);
            book.Apply(book.LastSequence + 1, Side.Sell, Ask0 + d, 1);
        }
        long start = book.LastSequence;

        static long LatestAtOrBefore(long s, long start, bool odd, int depth)
        {
            // The largest t <= s, t > start, with t odd/even as asked and t % Depth == depth; 1 if none.
            for (long t = s; t > start && t > s - 2 * Depth; t--)
            {
                if ((t & 1) == (odd ? 1 : 0) && t % Depth == depth)
                    return t;
            }
            return 1;
        }

        string? Check(long s, Level[] bids, Level[] asks, int bidCount, int askCount, int flags)
        {
            if (s < start)
                return null; // set-up phase before the readers started looking closely
            if (bidCount != Depth || askCount != Depth || flags != 0)
                return $"sequence {s}: counts {bidCount}/{askCount} flags {flags}";
            for (int d = 0; d < Depth; d++)
            {
                if (bids[d].Price != Bid0 - d || bids[d].Quantity != LatestAtOrBefore(s, start, true, d))
                    return $"sequence {s}: bid {d} is {bids[d]}";
                if (asks[d].Price != Ask0 + d || asks[d].Quantity != LatestAtOrBefore(s, start, false, d))
                    return $"sequence {s}: ask {d} is {asks[d]}";
            }
            return null;
        }

        string? CheckTop(in TopOfBook top, int flags)
        {
            long s = top.Sequence;
            if (s < start)
                return null;
            if (top.Bid.Price != Bid0 || top.Ask.Price != Ask0 || flags != 0)
                return $"sequence {s}: top {top}, flags {flags}";
            if (top.Bid.Quantity != LatestAtOrBefore(s, start, true, 0) || top.Ask.Quantity != LatestAtOrBefore(s, start, false, 0))
                return $"sequence {s}: torn top {top}";
            return null;
        }

        string? stats = RunReaders(snapshot, Check, CheckTop, pace =>
        {
            for (long s = start + 1; s <= start + SingleUpdates; s++)
            {
                Side side = (s & 1) == 1 ? Side.Buy : Side.Sell;
                int d = (int)(s % Depth);
                long price = side == Side.Buy ? Bid0 - d : Ask0 + d;
                DepthResult result = book.Apply(s, side, price, s);
                if (result != DepthResult.Applied)
                    return $"writer: update {s} gave {result}";
                pace();
            }
            return null;
        }, finalSequence: start + SingleUpdates);

        Assert.That(stats, Is.Null);
    }

    private delegate string? LevelsCheck(long sequence, Level[] bids, Level[] asks, int bidCount, int askCount, int flags);
    private delegate string? TopCheck(in TopOfBook top, int flags);

    /// <summary>Runs the writer on this thread and two readers (ReadTop + ReadLevels, ReadLevels only); returns the first error.</summary>
    private static string? RunReaders(BookSnapshot snapshot, LevelsCheck check, TopCheck checkTop, Func<Action, string?> writer, long finalSequence)
    {
        string? firstError = null;
        using var done = new ManualResetEventSlim();
        var reads = new long[2];
        var versions = new long[2];
        var last = new long[2];

        void ReaderLoop(int index)
        {
            var bids = new Level[Depth];
            var asks = new Level[Depth];
            long previous = 0, count = 0, distinct = 0, unchanged = 0;
            while (Volatile.Read(ref firstError) == null)
            {
                bool finished = done.IsSet;
                long s;
                string? error;
                if (index == 0 && (count & 1) == 0)
                {
                    snapshot.ReadTop(out TopOfBook top, out int flags);
                    s = top.Sequence;
                    error = checkTop(in top, flags);
                }
                else
                {
                    s = snapshot.ReadLevels(bids, asks, out int bidCount, out int askCount, out int flags);
                    error = check(s, bids, asks, bidCount, askCount, flags);
                }
                count++;
                Volatile.Write(ref reads[index], count);
                if (error == null && s < previous)
                    error = $"sequence went back from {previous} to {s}";
                if (error != null)
                {
                    Interlocked.CompareExchange(ref firstError, $"reader {index} read {count}: {error}", null);
                    break;
                }
                if (s != previous)
                    distinct++;
                else if (++unchanged % 64 == 0)
                    Thread.Yield(); // nothing new for a while: let the writer have the core (2 cores, 3 threads)
                else
                    Thread.SpinWait(16);
                previous = s;
                if (finished)
                    break;
            }
            reads[index] = count;
            versions[index] = distinct;
            last[index] = previous;
        }

        var threads = new Thread[2];
        for (int r = 0; r < threads.Length; r++)
        {
            int index = r;
            threads[r] = new Thread(() => ReaderLoop(index)) { IsBackground = true, Name = $"depth-reader-{r}" };
            threads[r].Start();
        }
        // The writer calls pace() after each step: a short pause now and then so reads can complete
        // between publishes, and every 64 steps a wait until some reader completed another read, so
        // that on a loaded 2-core machine the run still interleaves reads with writes. (A test
        // harness choice: the writer never waits for readers in VeloZ.)
        long steps = 0;
        void Pace()
        {
            steps++;
            if ((steps & 3) == 0)
                Thread.SpinWait(4);
            if ((steps & 63) != 0)
                return;
            long seen = Volatile.Read(ref reads[0]) + Volatile.Read(ref reads[1]);
            while (Volatile.Read(ref reads[0]) + Volatile.Read(ref reads[1]) == seen && Volatile.Read(ref firstError) == null)
                Thread.Yield();
        }
        string? writerError = writer(Pace);
        if (writerError != null)
            Interlocked.CompareExchange(ref firstError, writerError, null);
        done.Set();
        foreach (Thread t in threads)
            Assert.That(t.Join(TimeSpan.FromMinutes(2)), Is.True, "reader did not finish");
        for (int r = 0; r < threads.Length; r++)
        {
            TestContext.Out.WriteLine($"reader {r}: {reads[r]:N0} reads, {versions[r]:N0} distinct versions seen, last sequence {last[r]:N0}");
            if (firstError == null)
            {
                Assert.That(reads[r], Is.GreaterThan(0));
                Assert.That(last[r], Is.EqualTo(finalSequence), "the read after the writer finished must see the last publish");
            }
        }
        return firstError;
    }
}
