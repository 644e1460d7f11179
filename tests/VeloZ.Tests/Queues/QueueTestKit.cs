using System;
using System.Buffers.Binary;
using NUnit.Framework;
using VeloZ.Queues;

namespace VeloZ.Tests.Queues;

/// <summary>The four queue types behind one face, so a test of the queue contract runs against each.</summary>
public enum QueueKind { SpscTyped, MpmcTyped, SpscRecords, MpmcRecords }

/// <summary>
/// One queue of <see cref="QueueKind"/> carrying long values. The record queues carry records of
/// <see cref="RecordSize"/> bytes: the value in the first 8, then a pattern derived from it that every pop checks,
/// so a torn or misplaced copy shows.
/// </summary>
internal sealed unsafe class TestQueue
{
    private readonly SpscQueue<long>? _spsc;
    private readonly MpmcQueue<long>? _mpmc;
    private readonly SpscRecordQueue? _spscRecords;
    private readonly MpmcRecordQueue? _mpmcRecords;
    private readonly byte[] _scratch;

    public TestQueue(QueueKind kind, int capacity, int recordSize = 24, WaitStrategy strategy = WaitStrategy.SpinThenPark)
    {
        Kind = kind;
        RecordSize = kind is QueueKind.SpscRecords or QueueKind.MpmcRecords ? recordSize : 8;
        switch (kind)
        {
            case QueueKind.SpscTyped: _spsc = new SpscQueue<long>(capacity, strategy); break;
            case QueueKind.MpmcTyped: _mpmc = new MpmcQueue<long>(capacity, strategy); break;
            case QueueKind.SpscRecords: _spscRecords = new SpscRecordQueue(recordSize, capacity, strategy); break;
            default: _mpmcRecords = new MpmcRecordQueue(recordSize, capacity, strategy); break;
        }
        _scratch = new byte[RecordSize * 4096];
    }

    public QueueKind Kind { get; }
    public int RecordSize { get; }
    public bool HasPeek => Kind is QueueKind.SpscTyped or QueueKind.SpscRecords;
    public int Capacity => _spsc?.Capacity ?? _mpmc?.Capacity ?? _spscRecords?.Capacity ?? _mpmcRecords!.Capacity;
    public long Count => _spsc?.Count ?? _mpmc?.Count ?? _spscRecords?.Count ?? _mpmcRecords!.Count;
    public bool IsClosed => _spsc?.IsClosed ?? _mpmc?.IsClosed ?? _spscRecords?.IsClosed ?? _mpmcRecords!.IsClosed;
    public QueueStatistics Statistics => _spsc?.Statistics ?? _mpmc?.Statistics ?? _spscRecords?.Statistics ?? _mpmcRecords!.Statistics;

    public void Close()
    {
        _spsc?.Close();
        _mpmc?.Close();
        _spscRecords?.Close();
        _mpmcRecords?.Close();
    }

    public QueueResult Push(long value, long timeoutNs = 0)
    {
        if (_spsc is not null) return _spsc.PushWait(value, timeoutNs);
        if (_mpmc is not null) return _mpmc.PushWait(value, timeoutNs);
        Fill(_scratch, 0, value);
        fixed (byte* p = _scratch)
            return _spscRecords is not null ? _spscRecords.PushWait(p, timeoutNs) : _mpmcRecords!.PushWait(p, timeoutNs);
    }

    public QueueResult Pop(out long value, long timeoutNs = 0)
    {
        QueueResult result;
        if (_spsc is not null) return _spsc.PopWait(out value, timeoutNs);
        if (_mpmc is not null) return _mpmc.PopWait(out value, timeoutNs);
        fixed (byte* p = _scratch)
            result = _spscRecords is not null ? _spscRecords.PopWait(p, timeoutNs) : _mpmcRecords!.PopWait(p, timeoutNs);
        value = result == QueueResult.Ok ? Check(_scratch, 0) : 0;
        return result;
    }

    public bool Peek(out long value)
    {
        if (_spsc is not null) return _spsc.TryPeek(out value);
        fixed (byte* p = _scratch)
        {
            bool ok = _spscRecords!.TryPeek(p) == QueueResult.Ok;
            value = ok ? Check(_scratch, 0) : 0;
            return ok;
        }
    }

    /// <summary>Pushes the values as one batch; returns how many went in (-1 for a closed record queue).</summary>
    public int PushBatch(ReadOnlySpan<long> values)
    {
        if (_spsc is not null) return _spsc.PushBatch(values);
        if (_mpmc is not null) return _mpmc.PushBatch(values);
        for (int i = 0; i < values.Length; i++)
            Fill(_scratch, i, values[i]);
        var records = new ReadOnlySpan<byte>(_scratch, 0, values.Length * RecordSize);
        QueueResult result = _spscRecords is not null ? _spscRecords.PushBatch(records, out int pushed) : _mpmcRecords!.PushBatch(records, out pushed);
        return result == QueueResult.Closed ? -1 : pushed;
    }

    /// <summary>Pops up to destination.Length values as one batch; returns how many (-1 for a closed, drained record queue).</summary>
    public int PopBatch(Span<long> destination)
    {
        if (_spsc is not null) return _spsc.PopBatch(destination);
        if (_mpmc is not null) return _mpmc.PopBatch(destination);
        var records = new Span<byte>(_scratch, 0, destination.Length * RecordSize);
        QueueResult result = _spscRecords is not null ? _spscRecords.PopBatch(records, out int popped) : _mpmcRecords!.PopBatch(records, out popped);
        for (int i = 0; i < popped; i++)
            destination[i] = Check(_scratch, i);
        return result == QueueResult.Closed ? -1 : popped;
    }

    private void Fill(byte[] buffer, int index, long value)
    {
        Span<byte> record = buffer.AsSpan(index * RecordSize, RecordSize);
        BinaryPrimitives.WriteInt64LittleEndian(record, value);
        for (int i = 8; i < record.Length; i++)
            record[i] = (byte)(value * 31 + i);
    }

    private long Check(byte[] buffer, int index)
    {
        ReadOnlySpan<byte> record = buffer.AsSpan(index * RecordSize, RecordSize);
        long value = BinaryPrimitives.ReadInt64LittleEndian(record);
        for (int i = 8; i < record.Length; i++)
        {
            if (record[i] != (byte)(value * 31 + i))
                Assert.Fail($"record of value {value}: byte {i} is {record[i]}, expected {(byte)(value * 31 + i)} (a torn or misplaced copy)");
        }
        return value;
    }
}

/// <summary>Seeds of the randomized queue tests.</summary>
internal static class QueueTestKit
{
    /// <summary>VELOZ_TEST_SEED if set (to replay a failure), otherwise a fresh seed; printed either way.</summary>
    public static int Seed()
    {
        string? fixedSeed = Environment.GetEnvironmentVariable("VELOZ_TEST_SEED");
        int seed = fixedSeed is not null ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (replay with VELOZ_TEST_SEED={seed})");
        return seed;
    }
}
