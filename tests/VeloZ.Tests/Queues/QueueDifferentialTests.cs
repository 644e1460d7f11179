using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Queues;

namespace VeloZ.Tests.Queues;

/// <summary>
/// Long random sequences of single and batch pushes and pops, peeks and a late close, on one thread, compared after
/// every step with a <see cref="Queue{T}"/> of the same capacity: every result, every value, the count and the
/// counters. Tiny capacities put nearly every step at the full or empty edge and make batches wrap.
/// Seed: VELOZ_TEST_SEED, else random (printed).
/// </summary>
[TestFixture]
public class QueueDifferentialTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (QueueKind kind in Enum.GetValues<QueueKind>())
        {
            foreach (int capacity in new[] { 1, 2, 4, 64 })
            {
                // MPMC rounds a capacity of 1 up to 2; the model uses the queue's real capacity either way.
                yield return new TestCaseData(kind, capacity, kind is QueueKind.SpscRecords or QueueKind.MpmcRecords ? 13 : 8);
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Matches_a_bounded_Queue_model_step_by_step(QueueKind kind, int capacity, int recordSize)
    {
        int seed = QueueTestKit.Seed();
        var random = new Random(seed);
        var queue = new TestQueue(kind, capacity, recordSize);
        int cap = queue.Capacity;
        var model = new Queue<long>();
        long next = 1, pushes = 0, pops = 0, failedPushes = 0, failedPops = 0;
        bool closed = false;
        var batch = new long[cap * 2 + 3];
        const int steps = 40_000;
        for (int step = 0; step < steps; step++)
        {
            string where = $"seed {seed}, step {step}, model count {model.Count}";
            if (!closed && step > steps * 9 / 10 && random.Next(500) == 0)
            {
                queue.Close();
                closed = true;
            }
            switch (random.Next(6))
            {
                case 0:
                case 1:
                {
                    QueueResult result = queue.Push(next);
                    QueueResult expected = closed ? QueueResult.Closed : model.Count == cap ? QueueResult.Full : QueueResult.Ok;
                    Assert.That(result, Is.EqualTo(expected), where);
                    if (expected == QueueResult.Ok) { model.Enqueue(next++); pushes++; }
                    if (expected == QueueResult.Full) failedPushes++;
                    break;
                }
                case 2:
                {
                    QueueResult result = queue.Pop(out long value);
                    QueueResult expected = model.Count > 0 ? QueueResult.Ok : closed ? QueueResult.Closed : QueueResult.Empty;
                    Assert.That(result, Is.EqualTo(expected), where);
                    if (expected == QueueResult.Ok) { Assert.That(value, Is.EqualTo(model.Dequeue()), where); pops++; }
                    if (expected == QueueResult.Empty) failedPops++;
                    break;
                }
                case 3:
                {
                    int n = random.Next(batch.Length);
                    for (int i = 0; i < n; i++) batch[i] = next + i;
                    int pushed = queue.PushBatch(batch.AsSpan(0, n));
                    int expected = closed ? -1 : Math.Min(n, cap - model.Count);
                    if (closed)
                        Assert.That(pushed, Is.LessThanOrEqualTo(0), where);
                    else
                        Assert.That(pushed, Is.EqualTo(expected), where);
                    for (int i = 0; i < Math.Max(0, expected); i++) { model.Enqueue(next++); pushes++; }
                    if (!closed && n > 0 && expected == 0) failedPushes++;
                    break;
                }
                case 4:
                {
                    int n = random.Next(batch.Length);
                    int popped = queue.PopBatch(batch.AsSpan(0, n));
                    int expected = Math.Min(n, model.Count);
                    if (closed && expected == 0 && n > 0)
                        Assert.That(popped, Is.LessThanOrEqualTo(0), where);
                    else
                        Assert.That(popped, Is.EqualTo(expected), where);
                    for (int i = 0; i < expected; i++) { Assert.That(batch[i], Is.EqualTo(model.Dequeue()), where); pops++; }
                    if (!closed && n > 0 && expected == 0) failedPops++;
                    break;
                }
                default:
                {
                    if (!queue.HasPeek)
                        break;
                    bool found = queue.Peek(out long value);
                    Assert.That(found, Is.EqualTo(model.Count > 0), where);
                    if (found) Assert.That(value, Is.EqualTo(model.Peek()), where);
                    break;
                }
            }
            Assert.That(queue.Count, Is.EqualTo(model.Count), where);
            if (step % 97 == 0)
            {
                QueueStatistics stats = queue.Statistics;
                Assert.That((stats.Pushes, stats.Pops, stats.FailedPushes, stats.FailedPops, stats.IsClosed),
                    Is.EqualTo((pushes, pops, failedPushes, failedPops, closed)), where);
                Assert.That(stats.HighWaterMark, Is.InRange(model.Count, cap), where);
            }
        }
    }
}
