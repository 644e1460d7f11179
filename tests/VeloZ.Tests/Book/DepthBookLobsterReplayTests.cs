using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NUnit.Framework;
using VeloZ.Book;

namespace VeloZ.Tests.Book;

/// <summary>
/// Replays LOBSTER's AMZN level-1 order book file (a real NASDAQ day) as L2 level updates and checks
/// after every row that the book's best bid and ask, and what readers see through the snapshot,
/// are exactly the file's.
/// </summary>
public class DepthBookLobsterReplayTests
{
    private const int Rows = 57_515;

    // LOBSTER fills an unoccupied level with these prices and size 0.
    private const long EmptyAsk = 9_999_999_999;
    private const long EmptyBid = -9_999_999_999;

    private readonly record struct Row(long AskPrice, long AskSize, long BidPrice, long BidSize);

    private static List<Row> ReadRows()
    {
        string path = Path.Combine(LobsterData.Directory(), LobsterData.OrderbookFile);
        Assert.That(File.Exists(path), Is.True, $"market data file missing: {path}");
        var rows = new List<Row>(Rows);
        foreach (string line in File.ReadLines(path))
        {
            string[] f = line.Split(',');
            rows.Add(new Row(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    /// <summary>
    /// The level updates that take <paramref name="book"/> to a row's best bid and ask: every level
    /// better than the row's best is gone (delete it), then the row's best levels get their sizes.
    /// Deletes come first on both sides so no intermediate state crosses.
    /// </summary>
    private static void UpdatesForRow(DepthBook book, Row row, ref long sequence, List<DepthUpdate> output)
    {
        bool askEmpty = row.AskSize == 0 || row.AskPrice >= EmptyAsk;
        bool bidEmpty = row.BidSize == 0 || row.BidPrice <= EmptyBid;
        var asks = new Level[book.AskLevelCount];
        book.GetLevels(Side.Sell, asks);
        foreach (Level level in asks)
        {
            if (!askEmpty && level.Price >= row.AskPrice)
                break;
            output.Add(new DepthUpdate(++sequence, Side.Sell, level.Price, 0));
        }
        var bids = new Level[book.BidLevelCount];
        book.GetLevels(Side.Buy, bids);
        foreach (Level level in bids)
        {
            if (!bidEmpty && level.Price <= row.BidPrice)
                break;
            output.Add(new DepthUpdate(++sequence, Side.Buy, level.Price, 0));
        }
        if (!askEmpty && !book.BestAsk.Equals(new Level(row.AskPrice, row.AskSize)))
            output.Add(new DepthUpdate(++sequence, Side.Sell, row.AskPrice, row.AskSize));
        if (!bidEmpty && !book.BestBid.Equals(new Level(row.BidPrice, row.BidSize)))
            output.Add(new DepthUpdate(++sequence, Side.Buy, row.BidPrice, row.BidSize));
    }

    [Test]
    public void Replay_of_the_AMZN_level_1_file_matches_the_file_best_bid_and_ask_after_every_row()
    {
        List<Row> rows = ReadRows();
        Assert.That(rows, Has.Count.EqualTo(Rows));
        var book = new DepthBook(snapshotDepth: 1);
        var batched = new DepthBook(snapshotDepth: 5);
        var updates = new List<DepthUpdate>();
        long sequence = 0, total = 0, deletes = 0;

        for (int r = 0; r < rows.Count; r++)
        {
            Row row = rows[r];
            updates.Clear();
            UpdatesForRow(book, row, ref sequence, updates);
            foreach (DepthUpdate update in updates)
            {
                Assert.That(book.Apply(update), Is.EqualTo(DepthResult.Applied), $"row {r + 1}: {update}");
                deletes += update.Quantity == 0 ? 1 : 0;
            }
            total += updates.Count;
            Assert.That(batched.ApplyBatch(updates.ToArray(), out DepthResult batchResult), Is.EqualTo(updates.Count));
            Assert.That(batchResult, Is.EqualTo(DepthResult.Applied), $"row {r + 1}");

            Level bid = row.BidSize == 0 ? default : new Level(row.BidPrice, row.BidSize);
            Level ask = row.AskSize == 0 ? default : new Level(row.AskPrice, row.AskSize);
            Assert.That((book.BestBid, book.BestAsk), Is.EqualTo((bid, ask)), $"row {r + 1}");
            Assert.That((batched.BestBid, batched.BestAsk), Is.EqualTo((bid, ask)), $"row {r + 1} (batched)");
            book.Snapshot!.ReadTop(out TopOfBook top, out int flags);
            Assert.That((top.Bid, top.Ask, top.Sequence, flags), Is.EqualTo((bid, ask, sequence, 0)), $"row {r + 1} (snapshot)");
            batched.Snapshot!.ReadTop(out top);
            Assert.That((top.Bid, top.Ask, top.Sequence), Is.EqualTo((bid, ask, sequence)), $"row {r + 1} (batched snapshot)");
        }

        DepthBookState state = book.State;
        TestContext.Out.WriteLine($"{rows.Count:N0} rows -> {total:N0} level updates ({deletes:N0} deletes); final {state}");
        Assert.That(state.UpdateCount, Is.EqualTo(total));
        Assert.That(state.GapCount + state.CrossedCount + state.UnknownLevelCount + state.DroppedOldCount, Is.EqualTo(0));
        Assert.That(batched.State.LastSequence, Is.EqualTo(total));
    }
}
