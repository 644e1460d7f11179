using System;
using NUnit.Framework;
using VeloZ.Queues;

namespace VeloZ.Tests.Queues;

/// <summary>The constructors judge the settings (the C ABI relays their verdict), naming the setting as C does.</summary>
[TestFixture]
public class QueueSettingsTests
{
    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(QueueLimits.MaxCapacity + 1)]
    public void A_capacity_out_of_range_is_refused_naming_Capacity(int capacity)
    {
        var e = Assert.Throws<SettingOutOfRangeException>(() => _ = new SpscQueue<long>(capacity))!;
        Assert.That((e.Owner, e.Setting), Is.EqualTo(("SpscQueue", "Capacity")));
        e = Assert.Throws<SettingOutOfRangeException>(() => _ = new MpmcRecordQueue(64, capacity))!;
        Assert.That((e.Owner, e.Setting), Is.EqualTo(("MpmcRecordQueue", "Capacity")));
    }

    [Test]
    public void The_ring_may_not_exceed_a_gibibyte()
    {
        // 2^20 records of 1 KiB is exactly 1 GiB for SPSC; MPMC cells carry 8 more bytes, so half the records.
        var e = Assert.Throws<SettingOutOfRangeException>(() => _ = new MpmcRecordQueue(1024, 1 << 20))!;
        Assert.That(e.Rule, Does.Contain("1..524288 for 1024-byte records"));
        Assert.Throws<SettingOutOfRangeException>(() => _ = new SpscRecordQueue(1024, (1 << 20) + 1));
    }

    [TestCase(7)]
    [TestCase(0)]
    [TestCase(1025)]
    public void A_record_size_out_of_range_is_refused_naming_RecordSize(int recordSize)
    {
        var e = Assert.Throws<SettingOutOfRangeException>(() => _ = new SpscRecordQueue(recordSize))!;
        Assert.That(e.Setting, Is.EqualTo("RecordSize"));
        Assert.That(e.Rule, Does.Contain("8..1024"));
    }

    [Test]
    public void An_unknown_wait_strategy_is_refused_naming_WaitStrategy()
    {
        var e = Assert.Throws<SettingOutOfRangeException>(() => _ = new MpmcQueue<int>(16, (WaitStrategy)9))!;
        Assert.That(e.Setting, Is.EqualTo("WaitStrategy"));
        Assert.That(e.ActualValue, Is.EqualTo(9));
    }

    [Test]
    public void Record_spans_of_the_wrong_length_are_refused()
    {
        var queue = new SpscRecordQueue(16, 4);
        Assert.Throws<ArgumentException>(() => queue.TryPush(new byte[15]));
        Assert.Throws<ArgumentException>(() => queue.PushBatch(new byte[33], out _));
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public void Typed_queues_take_any_unmanaged_type_including_odd_sizes()
    {
        var queue = new SpscQueue<(int, int, int)>(4);
        Assert.That(queue.TryPush((1, 2, 3)), Is.True);
        Assert.That(queue.TryPush((4, 5, 6)), Is.True);
        Assert.That(queue.TryPeek(out var peeked) && peeked == (1, 2, 3), Is.True);
        Assert.That(queue.TryPop(out var first) && first == (1, 2, 3), Is.True);
        Assert.That(queue.TryPop(out var second) && second == (4, 5, 6), Is.True);
        Assert.That(queue.TryPop(out var none), Is.False);
        Assert.That(none, Is.EqualTo(default((int, int, int))));
        var bytes = new MpmcQueue<byte>(2);
        Assert.That(bytes.TryPush(7) && bytes.TryPush(8) && !bytes.TryPush(9), Is.True);
        Assert.That(bytes.IsFull, Is.True);
    }

    [Test]
    public void Peek_shows_the_oldest_record_without_popping_it()
    {
        var queue = new SpscQueue<long>(4);
        Assert.That(queue.TryPeek(out _), Is.False);
        queue.TryPush(5);
        queue.TryPush(6);
        Assert.That(queue.TryPeek(out long a) && a == 5, Is.True);
        Assert.That(queue.TryPeek(out long b) && b == 5, Is.True);
        Assert.That(queue.Count, Is.EqualTo(2));
        Assert.That(queue.IsEmpty, Is.False);
    }
}
