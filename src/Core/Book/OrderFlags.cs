using System;

namespace VeloZ.Book;

/// <summary>Optional behaviours of a submitted order; combine with bitwise or.</summary>
[Flags]
public enum OrderFlags : byte
{
    /// <summary>No option.</summary>
    None = 0,

    /// <summary>
    /// Maker only: a GTC limit order that would trade on arrival is rejected with
    /// <see cref="BookResult.PostOnlyWouldCross"/> instead. Kept by the resting order, so a later
    /// modify or replace to a crossing price is rejected the same way.
    /// </summary>
    PostOnly = 1,

    /// <summary>
    /// Market orders only: <see cref="BookCommand.ProtectionPrice"/> is set, and the order does not
    /// trade beyond it (a buy no higher, a sell no lower).
    /// </summary>
    ProtectionPrice = 2,
}
