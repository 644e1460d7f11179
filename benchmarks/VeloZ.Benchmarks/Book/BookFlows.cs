using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using VeloZ.Book;

namespace VeloZ.Benchmarks.Book;

/// <summary>The two command flows the book benchmarks replay, built once, outside any measurement.</summary>
public static class BookFlows
{
    /// <summary>
    /// The LOBSTER AMZN day (the repository's data/; $VELOZ_DATA overrides) as mirror commands: type 1 add,
    /// 2 reduce, 3 delete, 4 execute (prices in cents); hidden executions, cross trades and halts change
    /// no visible order and are left out.
    /// </summary>
    public static BookCommand[] LobsterAmzn()
    {
        string file = Path.Combine(DataDirectory(), "AMZN_2012-06-21_34200000_57600000_message_1.csv");
        var commands = new List<BookCommand>(60_000);
        foreach (string line in File.ReadLines(file))
        {
            if (line.Length == 0) continue;
            string[] f = line.Split(',');
            int type = int.Parse(f[1], CultureInfo.InvariantCulture);
            long id = long.Parse(f[2], CultureInfo.InvariantCulture);
            long size = long.Parse(f[3], CultureInfo.InvariantCulture);
            long price = long.Parse(f[4], CultureInfo.InvariantCulture) / 100;
            Side side = f[5] == "1" ? Side.Buy : Side.Sell;
            switch (type)
            {
                case 1: commands.Add(BookCommand.Add(id, side, price, size)); break;
                case 2: commands.Add(BookCommand.Reduce(id, size)); break;
                case 3: commands.Add(BookCommand.Delete(id)); break;
                case 4: commands.Add(BookCommand.Execute(id, size)); break;
            }
        }

        return commands.ToArray();
    }

    /// <summary>The market-data folder: $VELOZ_DATA, else data/ in the repository root (the folder holding VeloZ.sln).</summary>
    internal static string DataDirectory()
    {
        string? env = Environment.GetEnvironmentVariable("VELOZ_DATA");
        if (!string.IsNullOrEmpty(env)) return env;
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VeloZ.sln"))) return Path.Combine(dir.FullName, "data");
        }

        throw new DirectoryNotFoundException("VeloZ.sln not found above " + AppContext.BaseDirectory + "; set VELOZ_DATA");
    }

    /// <summary>
    /// A matching flow in the shape of exchange-core's benchmark: about 1,000 live orders spread over
    /// about 750 ticks, then commands drawn 9% GTC limit, 3% IOC, 6% cancel and 82% modify (a move
    /// to a nearby price, the same quantity), with the book steered to stay near 1,000 orders. Valid by
    /// construction: ids are tracked through a model book's events while generating.
    /// </summary>
    public static BookCommand[] ExchangeCoreLike(int seed, int commandCount, out string mix)
    {
        const int targetOrders = 1_000;
        const int halfRange = 375;
        var rng = new Random(seed);
        var model = new OrderBook(new OrderBookConfig { LevelEvents = false, ExpectedOrders = 4096 });
        var live = new List<long>();
        var position = new Dictionary<long, int>();
        var events = new BookEvent[256];
        var commands = new List<BookCommand>(commandCount + targetOrders);
        long nextId = 1;
        long mid = 100_000;
        var counts = new int[4];

        void Apply(in BookCommand c)
        {
            commands.Add(c);
            int consumed = model.Apply(new ReadOnlySpan<BookCommand>(in c), events, out int written);
            if (consumed != 1 || model.PendingEventCount > 0) throw new InvalidOperationException("event buffer too small");
            for (int i = 0; i < written; i++)
            {
                ref BookEvent e = ref events[i];
                if (e.Type == BookEventType.Rejected) throw new InvalidOperationException("generated an invalid command: " + e);
                if (e.Type == BookEventType.OrderDone && position.Remove(e.OrderId, out int at))
                {
                    long last = live[^1];
                    live[at] = last;
                    position[last] = at;
                    live.RemoveAt(live.Count - 1);
                    if (last == e.OrderId) position.Remove(last);
                }
            }

            if (c.Type == BookCommandType.Submit && model.Contains(c.OrderId))
            {
                position[c.OrderId] = live.Count;
                live.Add(c.OrderId);
            }
        }

        BookCommand NewGtc()
        {
            Side side = rng.Next(2) == 0 ? Side.Buy : Side.Sell;
            // Mostly passive across the range; one in ten crosses the middle by a few ticks.
            long offset = rng.Next(10) == 0 ? -rng.Next(0, 4) : rng.Next(1, halfRange);
            long price = side == Side.Buy ? mid - offset : mid + offset;
            return BookCommand.Limit(nextId++, side, price, rng.Next(1, 100));
        }

        for (int i = 0; i < targetOrders; i++) Apply(NewGtc());
        int prefill = commands.Count;

        while (commands.Count - prefill < commandCount)
        {
            if (model.TryGetBestBid(out Level bid) && model.TryGetBestAsk(out Level ask)) mid = (bid.Price + ask.Price) / 2;
            int roll = rng.Next(100);
            // Steer the book back towards 1,000 orders: extra GTC when thin, GTC becomes cancel when thick.
            if (roll < 9 && live.Count > targetOrders * 11 / 10) roll = 15;
            else if (roll >= 12 && roll < 18 && live.Count < targetOrders * 9 / 10) roll = 0;
            if (roll < 9)
            {
                Apply(NewGtc());
                counts[0]++;
            }
            else if (roll < 12)
            {
                Side side = rng.Next(2) == 0 ? Side.Buy : Side.Sell;
                long price = side == Side.Buy ? mid + rng.Next(0, 6) : mid - rng.Next(0, 6);
                Apply(BookCommand.Limit(nextId++, side, price, rng.Next(1, 60), TimeInForce.Ioc));
                counts[1]++;
            }
            else if (roll < 18)
            {
                Apply(BookCommand.Cancel(live[rng.Next(live.Count)]));
                counts[2]++;
            }
            else
            {
                long id = live[rng.Next(live.Count)];
                model.TryGetOrder(id, out OrderInfo info);
                long price = info.Price + rng.Next(-8, 9);
                if (price == info.Price) price += info.Side == Side.Buy ? -1 : 1;
                // Keep orders within the range around the middle.
                price = info.Side == Side.Buy ? Math.Max(price, mid - halfRange) : Math.Min(price, mid + halfRange);
                Apply(BookCommand.Modify(id, price, info.RemainingQuantity));
                counts[3]++;
            }
        }

        double n = commandCount / 100.0;
        mix = $"{prefill} prefill GTC + {commandCount} commands: GTC {counts[0] / n:F1}%, IOC {counts[1] / n:F1}%, cancel {counts[2] / n:F1}%, modify {counts[3] / n:F1}%; "
            + $"end: {model.OrderCount} orders on {model.BidLevelCount}+{model.AskLevelCount} levels, {model.TradeCount} trades";
        return commands.ToArray();
    }
}
