using System;

namespace VeloZ.Interop;

/// <summary>Options of a submitted order, or-ed into <c>veloz_book_command.flags</c> (a uint8_t).</summary>
[Flags]
[CType("veloz_order_flags", ConstantPrefix = "VELOZ_ORDER_FLAGS_")]
public enum VelozOrderFlags : int
{
    /// <summary>No option.</summary>
    None = 0,

    /// <summary>Maker only: a GTC limit order that would trade on arrival is rejected (VELOZ_BOOK_REJECT_POST_ONLY_WOULD_CROSS). Kept by the resting order for later modify/replace.</summary>
    PostOnly = 1,

    /// <summary>Market orders only: protection_price is set and the order trades no worse (a buy no higher, a sell no lower).</summary>
    ProtectionPrice = 2,
}
