using System.Runtime.CompilerServices;
using VeloZ.Book;

namespace VeloZ.Interop;

/// <summary>
/// Maps the result of a single-command call to its status: unknown id -> NOT_FOUND, duplicate id ->
/// DUPLICATE, invalid quantity/price/side/id/command -> INVALID_ARGUMENT, business refusals -> REJECTED; the
/// message names the function, the reason's C constant and the values that caused it.
/// </summary>
internal static class BookOutcome
{
    // Set in DeferredError.Detail (above the command type's byte) when the rejected price is a protection price.
    private const int ProtectionFlag = 0x100;

    public static unsafe Status ToStatus(OrderBook book, BookResult result, in BookCommand command, [CallerMemberName] string function = "")
    {
        if (result == BookResult.Ok)
            return Status.Ok;
        // Rejects are part of normal trading (a cancel racing a fill), so record the values now and
        // format the message only if the caller asks for it: this path allocates nothing.
        var values = new DeferredError
        {
            Function = function,
            Code = (int)result,
            Detail = (int)command.Type,
            A = command.OrderId,
            B = command.NewOrderId,
            C = command.Quantity,
            D = command.Price,
        };
        switch (result)
        {
            case BookResult.InvalidPrice:
                values.E = book.MinPrice;
                values.F = book.MaxPrice;
                // A market order's price is not read: its rejected price is the protection price.
                if (command.Type == BookCommandType.Submit && command.OrderType == OrderType.Market)
                {
                    values.D = command.ProtectionPrice;
                    values.Detail |= ProtectionFlag;
                }
                break;
            case BookResult.InvalidQuantity:
                values.E = (command.Type is BookCommandType.Reduce or BookCommandType.Execute) && book.TryGetOrder(command.OrderId, out OrderInfo info)
                    ? info.RemainingQuantity : -1;
                values.F = (command.Type is BookCommandType.Reduce or BookCommandType.Execute) ? 1 : 0;
                break;
            case BookResult.InvalidSide:
                values.E = (byte)command.Side;
                break;
            case BookResult.InvalidCommand:
                values.E = (long)((uint)(byte)command.OrderType | ((uint)(byte)command.TimeInForce << 8) | ((uint)(byte)command.Flags << 16) | ((uint)(byte)command.SelfTradePrevention << 24));
                break;
            case BookResult.SelfTrade:
                values.E = command.Owner;
                break;
            case BookResult.WrongMode:
                values.E = (long)book.Mode;
                break;
        }
        Status status = result switch
        {
            BookResult.UnknownOrder => Status.ENotFound,
            BookResult.DuplicateId => Status.EDuplicate,
            BookResult.InvalidQuantity or BookResult.InvalidPrice or BookResult.InvalidOrderId
                or BookResult.InvalidSide or BookResult.InvalidCommand => Status.EInvalidArgument,
            BookResult.PostOnlyWouldCross or BookResult.FokCannotFill or BookResult.NoLiquidity
                or BookResult.SelfTrade or BookResult.WrongMode => Status.ERejected,
            _ => Status.EInternal,
        };
        return LastError.SetDeferred(status, &Format, in values);
    }

    private static string Format(in DeferredError e)
    {
        string function = e.Function;
        var type = (BookCommandType)(e.Detail & 0xFF);
        bool replace = type == BookCommandType.Replace;
        return (BookResult)e.Code switch
        {
            BookResult.UnknownOrder =>
                $"{function}: VELOZ_BOOK_REJECT_UNKNOWN_ORDER: order {e.A} is not resting in the book",
            BookResult.DuplicateId => replace
                ? $"{function}: VELOZ_BOOK_REJECT_DUPLICATE_ID: new order id {e.B} is already resting or equals order id {e.A}"
                : $"{function}: VELOZ_BOOK_REJECT_DUPLICATE_ID: order id {e.A} is already resting",
            BookResult.InvalidQuantity =>
                $"{function}: VELOZ_BOOK_REJECT_INVALID_QUANTITY: quantity {e.C} must be > 0"
                + (e.F == 0 ? "" : e.E >= 0 ? $" and at most the order's remaining {e.E}" : " and at most the order's remaining quantity"),
            BookResult.InvalidPrice =>
                $"{function}: VELOZ_BOOK_REJECT_INVALID_PRICE: {((e.Detail & ProtectionFlag) != 0 ? "protection_price" : "price")} {e.D} is outside the book's range [{e.E}, {e.F}]",
            BookResult.InvalidOrderId => replace
                ? $"{function}: VELOZ_BOOK_REJECT_INVALID_ORDER_ID: order ids must be non-zero, got order id {e.A} and new order id {e.B}"
                : $"{function}: VELOZ_BOOK_REJECT_INVALID_ORDER_ID: order id must be non-zero",
            BookResult.InvalidSide =>
                $"{function}: VELOZ_BOOK_REJECT_INVALID_SIDE: side must be VELOZ_SIDE_BUY (1) or VELOZ_SIDE_SELL (2), got {e.E}",
            BookResult.InvalidCommand =>
                $"{function}: VELOZ_BOOK_REJECT_INVALID_COMMAND: unknown value or impossible combination in type {(int)type}, order_type {e.E & 0xFF}, time_in_force {(e.E >> 8) & 0xFF}, flags {(e.E >> 16) & 0xFF}, self_trade_prevention {(e.E >> 24) & 0xFF} (post-only needs a GTC limit order, a protection price a market order)",
            BookResult.PostOnlyWouldCross =>
                $"{function}: VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS: post-only order {e.A} at price {e.D} would trade on arrival",
            BookResult.FokCannotFill =>
                $"{function}: VELOZ_BOOK_REJECT_FOK_CANNOT_FILL: fill-or-kill order {e.A} cannot fill quantity {e.C} at once: too little liquidity within its price",
            BookResult.NoLiquidity =>
                $"{function}: VELOZ_BOOK_REJECT_NO_LIQUIDITY: market order {e.A} found nothing to trade with",
            BookResult.SelfTrade =>
                type == BookCommandType.Submit
                    ? $"{function}: VELOZ_BOOK_REJECT_SELF_TRADE: order {e.A} of owner {e.E} would meet a resting order of the same owner first (CANCEL_TAKER), or before it fills (fill-or-kill, CANCEL_TAKER or CANCEL_BOTH); nothing changed"
                    : $"{function}: VELOZ_BOOK_REJECT_SELF_TRADE: order {e.A}, moved to price {e.D}, would first meet a resting order of its own owner (CANCEL_TAKER); the order rests as it was",
            BookResult.WrongMode =>
                $"{function}: VELOZ_BOOK_REJECT_WRONG_MODE: command type {(int)type} does not belong in a {((BookMode)e.E == BookMode.Mirror ? "mirror" : "matching")} book",
            _ => $"{function}: the book returned an unknown result {e.Code}",
        };
    }
}
