namespace VeloZ.Queues;

/// <summary>The defaults and ranges of the queues' settings, for <see cref="SpscQueue{T}"/>, <see cref="MpmcQueue{T}"/> and the record queues.</summary>
public static class QueueLimits
{
    /// <summary>Capacity when none is given: 1,024 records.</summary>
    public const int DefaultCapacity = 1024;

    /// <summary>Largest capacity accepted (2^26 records), further bounded by <see cref="MaxStorageBytes"/>.</summary>
    public const int MaxCapacity = 1 << 26;

    /// <summary>Largest ring a queue allocates (1 GiB): capacity times the bytes a slot takes.</summary>
    public const long MaxStorageBytes = 1L << 30;

    /// <summary>Record size of a record queue when none is given: 64 bytes.</summary>
    public const int DefaultRecordSize = 64;

    /// <summary>Smallest record size of a record queue: 8 bytes.</summary>
    public const int MinRecordSize = 8;

    /// <summary>Largest record size of a record queue: 1 KiB.</summary>
    public const int MaxRecordSize = 1024;
}
