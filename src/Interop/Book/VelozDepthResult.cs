namespace VeloZ.Interop;

/// <summary>What the depth book does with one level update (the C API reports it through statuses and the counters of veloz_depth_state).</summary>
[CType("veloz_depth_result", ConstantPrefix = "VELOZ_DEPTH_RESULT_")]
public enum VelozDepthResult : int
{
    /// <summary>Applied; the book is not crossed.</summary>
    Applied = 0,

    /// <summary>Applied, and the book is now crossed; flagged and counted (crossed_count).</summary>
    Crossed = 1,

    /// <summary>A delete (quantity 0) of a price not in the book: only the sequence advanced; counted.</summary>
    UnknownLevel = 2,

    /// <summary>The sequence is not the last + 1: not applied; the book is stale until the next snapshot (VELOZ_E_SEQUENCE_GAP).</summary>
    SequenceGap = 3,

    /// <summary>The book was stale: dropped; counted (veloz_depth_apply refuses a batch for a stale book with VELOZ_E_STATE instead).</summary>
    DroppedStale = 4,

    /// <summary>Sequence at or below the last applied one (duplicate or late): dropped; counted.</summary>
    DroppedOld = 5,

    /// <summary>Side not BUY/SELL, or a negative quantity: rejected, nothing changed.</summary>
    Invalid = 6,
}
