using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using NUnit.Framework;
using VeloZ.Book;
using VeloZ.Tests.Book;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The cross-language golden check: the first 20,000 LOBSTER AMZN messages replayed in mirror mode through
/// veloz_book_apply must leave the same book (veloz_book_hash) as Core's OrderBook fed the same commands in-process,
/// and both must equal tests/data/lobster_amzn_20000.hash, which the C, C++ and Python tests check too.
/// VELOZ_UPDATE_GOLDEN=1 rewrites the file (after the library and Core agree).
/// </summary>
[TestFixture]
public unsafe class BookLobsterAbiTests
{
    private const int MessageCount = 20_000;
    private const string GoldenFile = "lobster_amzn_20000.hash";

    /// <summary>The mapping every language uses (the golden file states it too): see <see cref="Golden"/>.</summary>
    internal static List<BookCommand> Commands(IReadOnlyList<LobsterData.Message> messages, int count)
    {
        var commands = new List<BookCommand>(count);
        for (int i = 0; i < count; i++)
        {
            LobsterData.Message m = messages[i];
            switch (m.Type)
            {
                case 1:
                    commands.Add(BookCommand.Add(m.OrderId, m.Direction == 1 ? Side.Buy : Side.Sell, m.Price, m.Size));
                    break;
                case 2:
                    commands.Add(BookCommand.Reduce(m.OrderId, m.Size));
                    break;
                case 3:
                    commands.Add(BookCommand.Delete(m.OrderId));
                    break;
                case 4:
                    commands.Add(BookCommand.Execute(m.OrderId, m.Size));
                    break;
                default:
                    break; // 5 hidden execution, 6 cross trade, 7 halt: nothing visible changes
            }
        }
        return commands;
    }

    private static string Golden(int commands, long orders, long unknownOrders, long rejected, ulong hash)
    {
        var text = new StringBuilder();
        text.Append("# VeloZ golden book hash: LOBSTER AMZN 2012-06-21 level-1 sample, first 20000 message lines, replayed into a mirror-mode order book.\n");
        text.Append("# Data: data/AMZN_2012-06-21_34200000_57600000_message_1.csv (columns time,type,order_id,size,price,direction), or $VELOZ_DATA.\n");
        text.Append("# Book: veloz_book_create with mode = VELOZ_BOOK_MODE_MIRROR and every other config field 0 (defaults; prices 1 .. 2^62-1).\n");
        text.Append("# Mapping, one message at a time, in file order:\n");
        text.Append("#   type 1 -> VELOZ_BOOK_COMMAND_ADD: side = VELOZ_SIDE_BUY if direction is 1, VELOZ_SIDE_SELL if -1; price = the price column as given (ticks); quantity = size\n");
        text.Append("#   type 2 -> VELOZ_BOOK_COMMAND_REDUCE by size; type 3 -> VELOZ_BOOK_COMMAND_DELETE; type 4 -> VELOZ_BOOK_COMMAND_EXECUTE of size\n");
        text.Append("#   types 5, 6, 7 -> no command. Commands naming an id the book does not know are still sent: the book rejects and counts them.\n");
        text.Append("# hash = veloz_book_hash after the last command; orders, unknown_orders, rejected = veloz_book_get_stats order_count, unknown_order_count, rejected_count.\n");
        text.Append("# Written by tests/VeloZ.Tests/Abi/BookLobsterAbiTests.cs; regenerate with:\n");
        text.Append("#   VELOZ_UPDATE_GOLDEN=1 dotnet test tests/VeloZ.Tests -c Release --filter FullyQualifiedName~BookLobsterAbiTests\n");
        text.Append(CultureInfo.InvariantCulture,
            $"messages={MessageCount} commands={commands} orders={orders} unknown_orders={unknownOrders} rejected={rejected} hash=0x{hash:x16}\n");
        return text.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VeloZ.sln")))
                return directory.FullName;
        }
        Assert.Fail("VeloZ.sln not found above " + TestContext.CurrentContext.TestDirectory);
        return "";
    }

    [Test]
    public void First_20000_Amzn_messages_through_the_library_give_Cores_book_and_the_committed_golden_hash()
    {
        List<LobsterData.Message> messages = LobsterData.ReadMessages(LobsterData.Directory());
        Assert.That(messages, Has.Count.GreaterThanOrEqualTo(MessageCount));
        BookCommand[] commands = Commands(messages, MessageCount).ToArray();

        // Core, in-process.
        var core = new OrderBook(new OrderBookConfig { Mode = BookMode.Mirror });
        foreach (BookCommand command in commands)
        {
            core.Apply(in command);
            core.DiscardEvents();
        }
        ulong coreHash = core.ComputeStateHash();

        // The library, through veloz_book_apply with a modest event buffer.
        nint book = LibVelozBook.CreateBook(LibVelozBook.Config(BookConfig.ModeMirror));
        ulong libraryHash;
        BookStats stats;
        long events = 0;
        try
        {
            var buffer = new BookEvent[256];
            int position = 0;
            fixed (BookCommand* c = commands)
            fixed (BookEvent* e = buffer)
            {
                while (position < commands.Length || LibVelozBook.PendingEvents(book) > 0)
                {
                    int consumed, written;
                    AbiAssert.Ok(LibVelozBook.Apply(book, c + position, commands.Length - position, &consumed, e, buffer.Length, &written), "veloz_book_apply");
                    position += consumed;
                    events += written;
                }
            }
            libraryHash = LibVelozBook.HashOf(book);
            stats = LibVelozBook.StatsOf(book);
        }
        finally
        {
            LibVelozBook.Destroy(book);
        }

        TestContext.Out.WriteLine($"{MessageCount} messages -> {commands.Length} commands, {events} events; orders {stats.OrderCount}, unknown ids {stats.UnknownOrderCount}, rejected {stats.RejectedCount}; hash 0x{libraryHash:x16}");
        Assert.That(libraryHash, Is.EqualTo(coreHash), "the library and Core disagree on the book after the same commands");
        Assert.That((stats.OrderCount, stats.UnknownOrderCount, stats.RejectedCount, stats.CommandCount),
            Is.EqualTo(((long)core.OrderCount, core.UnknownOrderCount, core.RejectedCount, core.CommandCount)));
        Assert.That(stats.UnknownOrderCount, Is.GreaterThan(0), "a mid-day level-1 file names orders it never announced");
        Assert.That(stats.OrderCount, Is.GreaterThan(0));

        string expected = Golden(commands.Length, stats.OrderCount, stats.UnknownOrderCount, stats.RejectedCount, coreHash);
        string path = Path.Combine(RepositoryRoot(), "tests", "data", GoldenFile);
        if (Environment.GetEnvironmentVariable("VELOZ_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
            TestContext.Out.WriteLine($"wrote {path}");
        }
        const string howTo = "If the change of book state is intended, regenerate it with " +
            "`VELOZ_UPDATE_GOLDEN=1 dotnet test tests/VeloZ.Tests -c Release --filter FullyQualifiedName~BookLobsterAbiTests` and commit it; " +
            "the C, C++ and Python tests read the same file.";
        Assert.That(File.Exists(path), Is.True, $"{path} is missing. {howTo}");
        Assert.That(File.ReadAllText(path), Is.EqualTo(expected), $"{path} differs from what Core computes. {howTo}");
    }
}
