using System;
using System.Collections.Generic;
using System.Threading;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Abi;

/// <summary>
/// veloz_book_read_top and veloz_book_read_levels on other threads while the owner thread drives the book through
/// veloz_book_apply. The flow swings the whole book between two price regimes far apart, always uncrossed, and
/// every order's quantity encodes its price; so a torn read (sides, or a level's fields, from different publishes)
/// shows up as a crossed top or a quantity that does not match its price.
/// </summary>
[TestFixture]
[NonParallelizable]
public unsafe class BookReadTopAbiTests
{
    private const int OrdersPerSide = 8;
    private const int Cycles = 1500;

    // Quantity of every order at a price: a level of n orders holds n * QuantityAt(price).
    private static long QuantityAt(long price) => price * 3 + 1;

    /// <summary>
    /// Swings between the high regime (bids 1999 down, asks 2000 up) and the low one (bids 999 down, asks 1000 up).
    /// The order of moves keeps the matching book uncrossed after every command. High to low: cancel the bids, add
    /// the low asks (nothing to cross), cancel the high asks, add the low bids (under the asks). Low to high: cancel
    /// the asks, add the high bids, cancel the low bids, add the high asks.
    /// </summary>
    private static List<BookCommand> Flow()
    {
        var commands = new List<BookCommand>();
        long nextId = 1;
        List<long> Add(Side side, long best)
        {
            var ids = new List<long>();
            for (int i = 0; i < OrdersPerSide; i++)
            {
                long price = side == Side.Buy ? best - i : best + i;
                // A second order at every other price, so levels hold 1 or 2 orders.
                for (int k = 0; k <= i % 2; k++)
                {
                    commands.Add(BookCommand.Limit(nextId, side, price, QuantityAt(price)));
                    ids.Add(nextId++);
                }
            }
            return ids;
        }
        void Cancel(List<long> ids)
        {
            foreach (long id in ids)
                commands.Add(BookCommand.Cancel(id));
        }
        List<long> bids = Add(Side.Buy, 1999), asks = Add(Side.Sell, 2000);
        for (int cycle = 0; cycle < Cycles; cycle++)
        {
            bool goingDown = cycle % 2 == 0;
            if (goingDown)
            {
                Cancel(bids);
                List<long> lowAsks = Add(Side.Sell, 1000);
                Cancel(asks);
                asks = lowAsks;
                bids = Add(Side.Buy, 999);
            }
            else
            {
                Cancel(asks);
                List<long> highBids = Add(Side.Buy, 1999);
                Cancel(bids);
                bids = highBids;
                asks = Add(Side.Sell, 2000);
            }
        }
        return commands;
    }

    private static string? CheckLevel(in Level level, string what)
    {
        if (level.Quantity == 0)
            return level.Price == 0 && level.OrderCount == 0 ? null : $"{what}: empty level with price {level.Price}";
        return level.OrderCount > 0 && level.Quantity == level.OrderCount * QuantityAt(level.Price)
            ? null
            : $"{what}: quantity {level.Quantity} x {level.OrderCount} orders does not match price {level.Price} (torn level)";
    }

    [Test]
    public void Readers_on_other_threads_never_see_a_torn_crossed_or_older_top_while_the_owner_applies()
    {
        List<BookCommand> flow = Flow();
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config(snapshotDepth: 4));
        string? error = null;
        long topReads = 0, levelReads = 0, twoSided = 0;
        bool done = false;
        try
        {
            void TopReader()
            {
                long previous = 0;
                while (!Volatile.Read(ref done) && Volatile.Read(ref error) == null)
                {
                    TopOfBook top;
                    int status = LibVelozBook.ReadTop(book, &top);
                    string? problem = status != VelozStatus.Ok ? $"read_top returned {status}"
                        : top.Sequence < previous ? $"sequence went back from {previous} to {top.Sequence}"
                        : CheckLevel(top.Bid, "bid") ?? CheckLevel(top.Ask, "ask");
                    if (problem == null && top.Bid.Quantity > 0 && top.Ask.Quantity > 0)
                    {
                        twoSided++;
                        if (top.Bid.Price >= top.Ask.Price)
                            problem = $"crossed top at sequence {top.Sequence}: bid {top.Bid} ask {top.Ask}";
                    }
                    if (problem != null)
                        Interlocked.CompareExchange(ref error, problem, null);
                    previous = top.Sequence;
                    topReads++;
                }
            }
            void LevelReader()
            {
                Level* bids = stackalloc Level[4];
                Level* asks = stackalloc Level[4];
                while (!Volatile.Read(ref done) && Volatile.Read(ref error) == null)
                {
                    int bidCount, askCount;
                    int status = LibVelozBook.ReadLevels(book, bids, asks, 4, &bidCount, &askCount);
                    string? problem = status != VelozStatus.Ok ? $"read_levels returned {status}" : null;
                    for (int i = 0; problem == null && i < bidCount; i++)
                        problem = CheckLevel(bids[i], $"bid {i}") ?? (i > 0 && bids[i].Price >= bids[i - 1].Price ? "bids out of order" : null);
                    for (int i = 0; problem == null && i < askCount; i++)
                        problem = CheckLevel(asks[i], $"ask {i}") ?? (i > 0 && asks[i].Price <= asks[i - 1].Price ? "asks out of order" : null);
                    if (problem == null && bidCount > 0 && askCount > 0 && bids[0].Price >= asks[0].Price)
                        problem = $"crossed levels: bid {bids[0]} ask {asks[0]}";
                    if (problem != null)
                        Interlocked.CompareExchange(ref error, problem, null);
                    levelReads++;
                }
            }
            var readers = new[] { new Thread(TopReader), new Thread(LevelReader) };
            foreach (Thread reader in readers)
                reader.Start();

            // The owner: small batches, so publishes interleave densely with the reads.
            BookCommand[] commands = flow.ToArray();
            var events = new BookEvent[64];
            int position = 0;
            fixed (BookCommand* c = commands)
            fixed (BookEvent* e = events)
            {
                while (position < commands.Length && Volatile.Read(ref error) == null)
                {
                    int consumed, written;
                    AbiAssert.Ok(LibVelozBook.Apply(book, c + position, Math.Min(5, commands.Length - position), &consumed, e, events.Length, &written), "veloz_book_apply");
                    position += consumed;
                }
            }
            Volatile.Write(ref done, true);
            foreach (Thread reader in readers)
                reader.Join();

            TestContext.Out.WriteLine($"{commands.Length} commands; {topReads} top reads ({twoSided} two-sided), {levelReads} level reads");
            Assert.That(error, Is.Null);
            Assert.That(position, Is.EqualTo(commands.Length));
            Assert.That(topReads, Is.GreaterThan(0));
            Assert.That(levelReads, Is.GreaterThan(0));
            BookStats stats = LibVelozBook.StatsOf(book);
            Assert.That((stats.CommandCount, stats.RejectedCount, stats.TradeCount), Is.EqualTo(((long)commands.Length, 0L, 0L)), "the flow never trades or gets rejected");
            TopOfBook final, best;
            AbiAssert.Ok(LibVelozBook.ReadTop(book, &final), "veloz_book_read_top");
            AbiAssert.Ok(LibVelozBook.Best(book, &best), "veloz_book_best");
            Assert.That((final.Bid, final.Ask), Is.EqualTo((best.Bid, best.Ask)), "the last publish is the book's top");
        }
        finally
        {
            Volatile.Write(ref done, true);
            LibVelozBook.Destroy(book);
        }
    }
}
