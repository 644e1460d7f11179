// VeloZ from C#, through the VeloZ.Core package (no native library: the same code, compiled into your program):
// a matching book trades, then a VeloZ histogram shows what a submit + cancel costs here, timed by the TSC clock.
//   dotnet new console -n BookDemo && cd BookDemo && dotnet add package VeloZ.Core   (then this file as Program.cs)
using System;
using VeloZ.Book;
using VeloZ.Metrics;
using VeloZ.Time;

var book = new OrderBook(new OrderBookConfig { Mode = BookMode.Matching });
book.Submit(1, Side.Sell, price: 10_100, quantity: 5);
book.Submit(2, Side.Sell, price: 10_105, quantity: 5);
BookResult result = book.Submit(3, Side.Buy, price: 10_105, quantity: 7, TimeInForce.Ioc);   // 5 @ 10,100, 2 @ 10,105
Span<BookEvent> events = stackalloc BookEvent[64];
int count = book.DrainEvents(events);
foreach (BookEvent e in events[..count])
    if (e.Type == BookEventType.Trade)
        Console.WriteLine($"trade: order {e.OtherOrderId} bought {e.Quantity} @ {e.Price} from order {e.OrderId} ({e.RemainingQuantity} left)");
Console.WriteLine($"order 3: {result}; top of book {book.GetTopOfBook()}");

var roundTrip = new Histogram(lowestTrackableValue: 1, highestTrackableValue: 1_000_000_000, significantDigits: 3);
TscClock clock = TscClock.Shared;                      // the calibrated clock veloz_clock_now_ns reads
for (long id = 100; id < 100_100; id++)
{
    long start = clock.NowNanoseconds();
    book.Submit(id, Side.Buy, price: 10_000, quantity: 1);
    book.Cancel(id);
    roundTrip.Record(clock.NowNanoseconds() - start);
    book.DiscardEvents();
}
Console.WriteLine($"submit + cancel, {roundTrip.Count:N0} times: p50 {roundTrip.ValueAtPercentile(50)} ns, " +
                  $"p99 {roundTrip.ValueAtPercentile(99)} ns, max {roundTrip.Max} ns ({clock.Source} clock)");
