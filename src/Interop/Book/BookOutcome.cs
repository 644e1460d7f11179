using VeloZ.Book;

namespace VeloZ.Interop;

/// <summary>
/// Maps the result of a single-command call to its status (BOOK_API.md): unknown id -> NOT_FOUND, duplicate id ->
/// DUPLICATE, invalid quantity/price/side/id/command -> INVALID_ARGUMENT, business refusals -> REJECTED; the
/// message names the function, the reason's C constant and the values that caused it.
/// </summary>
internal static class BookOutcome
{
    public static Status ToStatus(string function, OrderBook book, BookResult result, in BookCommand command)
    {
        if (result == BookResult.Ok)
            return Status.Ok;
        // Formatting allocates, but only on this failure path; the hot path (Ok, and Apply's events) does not.
        return result switch
        {
            BookResult.UnknownOrder => LastError.Set(Status.ENotFound,
                $"{function}: VELOZ_BOOK_REJECT_UNKNOWN_ORDER: order {command.OrderId} is not resting in the book"),
            BookResult.DuplicateId => LastError.Set(Status.EDuplicate, command.Type == BookCommandType.Replace
                ? $"{function}: VELOZ_BOOK_REJECT_DUPLICATE_ID: new order id {command.NewOrderId} is already resting or equals order id {command.OrderId}"
                : $"{function}: VELOZ_BOOK_REJECT_DUPLICATE_ID: order id {command.OrderId} is already resting"),
            BookResult.InvalidQuantity => LastError.Set(Status.EInvalidArgument,
                $"{function}: VELOZ_BOOK_REJECT_INVALID_QUANTITY: quantity {command.Quantity} must be > 0{RemainingHint(book, in command)}"),
            BookResult.InvalidPrice => LastError.Set(Status.EInvalidArgument,
                $"{function}: VELOZ_BOOK_REJECT_INVALID_PRICE: price {command.Price} is outside the book's range [{book.MinPrice}, {book.MaxPrice}]"),
            BookResult.InvalidOrderId => LastError.Set(Status.EInvalidArgument, command.Type == BookCommandType.Replace
                ? $"{function}: VELOZ_BOOK_REJECT_INVALID_ORDER_ID: order ids must be non-zero, got order id {command.OrderId} and new order id {command.NewOrderId}"
                : $"{function}: VELOZ_BOOK_REJECT_INVALID_ORDER_ID: order id must be non-zero"),
            BookResult.InvalidSide => LastError.Set(Status.EInvalidArgument,
                $"{function}: VELOZ_BOOK_REJECT_INVALID_SIDE: side must be VELOZ_SIDE_BUY (1) or VELOZ_SIDE_SELL (2), got {(byte)command.Side}"),
            BookResult.InvalidCommand => LastError.Set(Status.EInvalidArgument,
                $"{function}: VELOZ_BOOK_REJECT_INVALID_COMMAND: unknown value or impossible combination in type {(byte)command.Type}, order_type {(byte)command.OrderType}, time_in_force {(byte)command.TimeInForce}, flags {(byte)command.Flags}, self_trade_prevention {(byte)command.SelfTradePrevention} (post-only needs a GTC limit order, a protection price a market order)"),
            BookResult.PostOnlyWouldCross => LastError.Set(Status.ERejected,
                $"{function}: VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS: post-only order {command.OrderId} at price {command.Price} would trade on arrival"),
            BookResult.FokCannotFill => LastError.Set(Status.ERejected,
                $"{function}: VELOZ_BOOK_REJECT_FOK_CANNOT_FILL: fill-or-kill order {command.OrderId} cannot fill quantity {command.Quantity} at once"),
            BookResult.NoLiquidity => LastError.Set(Status.ERejected,
                $"{function}: VELOZ_BOOK_REJECT_NO_LIQUIDITY: market order {command.OrderId} found nothing to trade with"),
            BookResult.SelfTrade => LastError.Set(Status.ERejected,
                $"{function}: VELOZ_BOOK_REJECT_SELF_TRADE: order {command.OrderId} of owner {command.Owner} would first trade with a resting order of the same owner (CANCEL_TAKER)"),
            BookResult.WrongMode => LastError.Set(Status.ERejected,
                $"{function}: VELOZ_BOOK_REJECT_WRONG_MODE: command type {(byte)command.Type} does not belong in a {(book.Mode == BookMode.Mirror ? "mirror" : "matching")} book"),
            _ => LastError.Set(Status.EInternal, $"{function}: the book returned an unknown result {(int)result}"),
        };
    }

    private static string RemainingHint(OrderBook book, in BookCommand command)
    {
        if (command.Type != BookCommandType.Reduce && command.Type != BookCommandType.Execute)
            return string.Empty;
        return book.TryGetOrder(command.OrderId, out OrderInfo info)
            ? $" and at most the order's remaining {info.RemainingQuantity}"
            : " and at most the order's remaining quantity";
    }
}
