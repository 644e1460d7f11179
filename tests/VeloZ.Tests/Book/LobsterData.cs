using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using NUnit.Framework;

namespace VeloZ.Tests.Book;

/// <summary>The LOBSTER AMZN sample in the repository's data/ (see data/README.md): messages and level-1 book rows.</summary>
internal static class LobsterData
{
    public const string MessageFile = "AMZN_2012-06-21_34200000_57600000_message_1.csv";
    public const string OrderbookFile = "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv";

    /// <summary>LOBSTER's placeholder prices for an empty side.</summary>
    public const long EmptyAsk = 9999999999;
    public const long EmptyBid = -9999999999;

    internal readonly record struct Message(int Type, long OrderId, long Size, long Price, int Direction);

    internal readonly record struct BookRow(long AskPrice, long AskSize, long BidPrice, long BidSize);

    /// <summary>
    /// The data folder: $VELOZ_DATA, else data/ in the repository root (the first folder above the
    /// test assembly that holds VeloZ.sln). Fails the test, naming the path, when it is missing.
    /// </summary>
    public static string Directory()
    {
        string? env = Environment.GetEnvironmentVariable("VELOZ_DATA");
        if (!string.IsNullOrEmpty(env))
        {
            if (System.IO.Directory.Exists(env)) return env;
            Assert.Fail($"VELOZ_DATA={env} is not a directory");
        }

        for (DirectoryInfo? dir = new(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "VeloZ.sln"))) continue;
            string candidate = Path.Combine(dir.FullName, "data");
            if (System.IO.Directory.Exists(candidate)) return candidate;
            Assert.Fail($"no data folder at {candidate} (repository root {dir.FullName}); set VELOZ_DATA");
        }

        Assert.Fail("VeloZ.sln not found above " + TestContext.CurrentContext.TestDirectory + "; set VELOZ_DATA");
        return "";
    }

    public static List<Message> ReadMessages(string directory)
    {
        var messages = new List<Message>();
        foreach (string line in File.ReadLines(Path.Combine(directory, MessageFile)))
        {
            if (line.Length == 0) continue;
            string[] f = line.Split(',');
            messages.Add(new Message(
                int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture),
                long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture),
                int.Parse(f[5], CultureInfo.InvariantCulture)));
        }

        return messages;
    }

    public static List<BookRow> ReadRows(string directory)
    {
        var rows = new List<BookRow>();
        foreach (string line in File.ReadLines(Path.Combine(directory, OrderbookFile)))
        {
            if (line.Length == 0) continue;
            string[] f = line.Split(',');
            rows.Add(new BookRow(
                long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
