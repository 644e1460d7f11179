using System;
using System.Collections.Generic;
using NUnit.Framework;
using VeloZ.Time;

namespace VeloZ.Tests.Time;

[TestFixture]
public class MinRoundTripWindowTests
{
    // Differential test: after every insertion, each queue front must be the newest of the lowest
    // round trips in its range, as a brute-force scan of the same samples finds it.
    [TestCase(1, null)]
    [TestCase(2, null)]
    [TestCase(3, null)]
    [TestCase(7, null)]
    [TestCase(64, null)]
    [TestCase(64, 99)]
    [TestCase(1000, null)]
    public void Queue_fronts_match_a_brute_force_scan(int capacity, int? fixedSeed)
    {
        int seed = fixedSeed ?? Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var window = new MinRoundTripWindow(capacity);
        var roundTrips = new List<long>();
        for (int n = 0; n < 5000; n++)
        {
            // Few distinct values so ties are common.
            long roundTrip = random.Next(20);
            window.Add(n * 10L, n * 3L, roundTrip);
            roundTrips.Add(roundTrip);

            int count = roundTrips.Count;
            int length = Math.Min(count, capacity);
            int start = count - length;
            int third = Math.Max(1, length / 3);
            Assert.That(window.Length, Is.EqualTo(length));
            Assert.That(window.BestOfWindow, Is.EqualTo(NewestMinimum(roundTrips, start, count)), $"whole window after {count}");
            Assert.That(window.BestOfOldestThird, Is.EqualTo(NewestMinimum(roundTrips, start, start + third)), $"oldest third after {count}");
            Assert.That(window.BestOfNewestThird, Is.EqualTo(NewestMinimum(roundTrips, count - third, count)), $"newest third after {count}");
            long best = window.BestOfWindow;
            Assert.That(window.RoundTripOf(best), Is.EqualTo(roundTrips[(int)best]));
            Assert.That(window.MiddleOf(best), Is.EqualTo(best * 10));
            Assert.That(window.OffsetOf(best), Is.EqualTo(best * 3));
        }
    }

    private static long NewestMinimum(List<long> values, int start, int end)
    {
        int best = start;
        for (int i = start; i < end; i++)
        {
            if (values[i] <= values[best])
                best = i;
        }
        return best;
    }
}
