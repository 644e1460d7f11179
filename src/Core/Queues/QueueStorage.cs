using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VeloZ.Queues;

/// <summary>The checks of a queue's settings and the allocation of its ring, shared by every queue type.</summary>
internal static unsafe class QueueStorage
{
    /// <summary>Ring alignment: two cache lines, so no slot shares a line (or an adjacent-line prefetch pair) with other data.</summary>
    public const int Alignment = 128;

    /// <summary>
    /// Checks the settings of a queue of <paramref name="recordSize"/>-byte records whose slots take
    /// <paramref name="slotBytes"/> each, and returns the capacity rounded up to a power of two (at least
    /// <paramref name="minCapacity"/>).
    /// </summary>
    /// <exception cref="SettingOutOfRangeException">A setting is out of range; the exception names it.</exception>
    public static int Validate(string owner, int capacity, int recordSize, int slotBytes, WaitStrategy waitStrategy, int minCapacity)
    {
        long bytesLimit = QueueLimits.MaxStorageBytes / slotBytes;
        int max = (int)Math.Min(QueueLimits.MaxCapacity, (long)BitOperations.RoundUpToPowerOf2((ulong)bytesLimit + 1) / 2);
        if (capacity < 1 || capacity > max)
            throw new SettingOutOfRangeException(owner, "Capacity", capacity,
                $"must be 1..{max} for {recordSize}-byte records (rounded up to a power of two; default {QueueLimits.DefaultCapacity})");
        if (waitStrategy > WaitStrategy.BusySpin)
            throw new SettingOutOfRangeException(owner, "WaitStrategy", (int)waitStrategy,
                "must be SpinThenPark (0), SpinThenYield (1) or BusySpin (2) (default SpinThenPark)");
        return Math.Max(minCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)capacity));
    }

    /// <summary>Checks the record size of a record queue (8..1024 bytes).</summary>
    /// <exception cref="SettingOutOfRangeException"><paramref name="recordSize"/> is out of range.</exception>
    public static void ValidateRecordSize(string owner, int recordSize)
    {
        if (recordSize < QueueLimits.MinRecordSize || recordSize > QueueLimits.MaxRecordSize)
            throw new SettingOutOfRangeException(owner, "RecordSize", recordSize,
                $"must be {QueueLimits.MinRecordSize}..{QueueLimits.MaxRecordSize} bytes (default {QueueLimits.DefaultRecordSize})");
    }

    /// <summary>
    /// A zeroed ring of <paramref name="bytes"/> on the pinned object heap and its 128-byte aligned start. The array
    /// keeps the memory alive as long as the queue is referenced, so a thread still inside a call when the queue is
    /// dropped (or destroyed through the C ABI) never touches freed memory; nothing needs disposing.
    /// </summary>
    public static byte[] Allocate(long bytes, out byte* start)
    {
        byte[] storage = GC.AllocateArray<byte>(checked((int)bytes + Alignment), pinned: true);
        byte* raw = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
        start = (byte*)(((nuint)raw + Alignment - 1) & ~(nuint)(Alignment - 1));
        return storage;
    }
}
