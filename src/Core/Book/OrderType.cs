namespace VeloZ.Book;

/// <summary>Kind of a submitted order (matching mode).</summary>
public enum OrderType : byte
{
    /// <summary>Trades at its limit price or better; what is left rests (GTC) or is cancelled (IOC/FOK).</summary>
    Limit = 0,

    /// <summary>
    /// Trades at any price, or only up to <see cref="BookCommand.ProtectionPrice"/> when
    /// <see cref="OrderFlags.ProtectionPrice"/> is set; never rests, its remainder is cancelled.
    /// </summary>
    Market = 1,
}
