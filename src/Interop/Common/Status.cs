namespace VeloZ.Interop;

/// <summary>Result of every export that can fail. 0 is success; errors are negative.</summary>
[CType("veloz_status", ConstantPrefix = "VELOZ_")]
public enum Status : int
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>An argument is out of its documented range, or a required pointer is NULL.</summary>
    EInvalidArgument = -1,
    /// <summary>The handle is NULL, destroyed, or of another object type.</summary>
    EInvalidHandle = -2,
    /// <summary>The named item (order id, venue, key) does not exist.</summary>
    ENotFound = -3,
    /// <summary>The item already exists (for example an order id in use).</summary>
    EDuplicate = -4,
    /// <summary>A fixed capacity is exhausted (queue, pool, venue table).</summary>
    EFull = -5,
    /// <summary>Nothing to take (empty queue or pool).</summary>
    EEmpty = -6,
    /// <summary>Memory could not be allocated.</summary>
    EOutOfMemory = -7,
    /// <summary>The caller's buffer is too small; where cheap, the needed size is reported.</summary>
    EBufferTooSmall = -8,
    /// <summary>The object is not in a state that allows the call.</summary>
    EState = -9,
    /// <summary>A bug inside VeloZ: an unexpected exception was caught at the boundary.</summary>
    EInternal = -10,
    /// <summary>The operation is not supported on this platform or in this mode.</summary>
    EUnsupported = -11,
    /// <summary>A sequence number gap was detected (market data); the object is marked stale.</summary>
    ESequenceGap = -12,
    /// <summary>
    /// The order book refused the order or command for a business reason (post-only would cross, fill-or-kill cannot
    /// fill, self-trade, market order without liquidity, command of the other book mode); the reason is in the
    /// Rejected event and the last-error message. The book did not change.
    /// </summary>
    ERejected = -13,
}
