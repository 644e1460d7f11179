using System;
using NUnit.Framework;
using VeloZ.Time;

namespace VeloZ.Tests.Time;

[TestFixture]
public class SlewPlannerTests
{
    private const double Period = 1 / 3.0; // a 3 GHz counter
    private static readonly ClockSegment[] Current = [new ClockSegment(1_000_000, 1_700_000_000_000_000_000, Period)];

    private static void AssertNonDecreasing(ReadOnlySpan<ClockSegment> segments, ulong from, ulong to)
    {
        long previous = long.MinValue;
        for (ulong ticks = from; ticks <= to; ticks += Math.Max(1, (to - from) / 20_000))
        {
            long value = SlewPlanner.Evaluate(segments, ticks);
            Assert.That(value, Is.GreaterThanOrEqualTo(previous), $"at tick {ticks}");
            previous = value;
        }
        foreach (ClockSegment segment in segments)
        {
            Assert.That(SlewPlanner.Evaluate(segments, segment.StartTicks), Is.GreaterThanOrEqualTo(SlewPlanner.Evaluate(segments, segment.StartTicks - 1)));
        }
    }

    [Test]
    public void A_matching_line_only_adds_its_rate_from_the_join()
    {
        ulong join = 4_000_000;
        long at = Current[0].Evaluate(join);
        ClockSegment[] plan = SlewPlanner.Plan(Current, join, new ClockSegment(join, at, Period * (1 + 1e-6)), 8);
        Assert.That(plan, Has.Length.EqualTo(2));
        Assert.That(plan[1], Is.EqualTo(new ClockSegment(join, at, Period * (1 + 1e-6))));
    }

    [TestCase(5_000)]
    [TestCase(-5_000)]
    [TestCase(999_000)]
    [TestCase(-999_000)]
    public void A_small_error_is_slewed_at_500_ppm_and_then_follows_the_target(long error)
    {
        ulong join = 4_000_000;
        var target = new ClockSegment(join, Current[0].Evaluate(join) + error, Period);
        ClockSegment[] plan = SlewPlanner.Plan(Current, join, target, 8);

        Assert.That(plan, Has.Length.EqualTo(3));
        Assert.That(plan[0], Is.EqualTo(Current[0]), "the past is unchanged");
        Assert.That(plan[1].StartTicks, Is.EqualTo(join));
        Assert.That(plan[1].StartNanoseconds, Is.EqualTo(Current[0].Evaluate(join)), "no step at the join");
        Assert.That(plan[1].NanosecondsPerTick / Period - 1, Is.EqualTo(Math.Sign(error) * SlewPlanner.SlewRate).Within(1e-6));
        double slewNanoseconds = (plan[2].StartTicks - join) * Period;
        Assert.That(slewNanoseconds, Is.EqualTo(Math.Abs(error) / SlewPlanner.SlewRate).Within(2));
        Assert.That(plan[2].StartNanoseconds, Is.EqualTo(target.Evaluate(plan[2].StartTicks)).Within(1), "meets the target line");
        Assert.That(plan[2].NanosecondsPerTick, Is.EqualTo(Period));
        AssertNonDecreasing(plan, join - 1000, plan[2].StartTicks + 1000);
    }

    [Test]
    public void A_large_forward_error_is_stepped_at_the_join()
    {
        ulong join = 4_000_000;
        long error = SlewPlanner.LargeError + 1;
        var target = new ClockSegment(join, Current[0].Evaluate(join) + error, Period);
        ClockSegment[] plan = SlewPlanner.Plan(Current, join, target, 8);
        Assert.That(plan, Has.Length.EqualTo(2));
        Assert.That(plan[1], Is.EqualTo(new ClockSegment(join, target.StartNanoseconds, Period)));
    }

    [Test]
    public void A_large_backward_error_is_slewed_at_5_percent_without_stepping_back()
    {
        ulong join = 4_000_000;
        long error = -10_000_000;
        var target = new ClockSegment(join, Current[0].Evaluate(join) + error, Period);
        ClockSegment[] plan = SlewPlanner.Plan(Current, join, target, 8);
        Assert.That(plan, Has.Length.EqualTo(3));
        Assert.That(plan[1].NanosecondsPerTick / Period - 1, Is.EqualTo(-SlewPlanner.FastSlewRate).Within(1e-6));
        Assert.That(plan[2].StartNanoseconds, Is.EqualTo(target.Evaluate(plan[2].StartTicks)).Within(1));
        AssertNonDecreasing(plan, join - 1000, plan[2].StartTicks + 1000);
    }

    [Test]
    public void A_join_inside_an_unfinished_slew_cuts_the_old_pieces_at_the_join()
    {
        ulong join = 4_000_000;
        var first = SlewPlanner.Plan(Current, join, new ClockSegment(join, Current[0].Evaluate(join) + 100_000, Period), 8);
        Assert.That(first[2].StartTicks, Is.GreaterThan(join + 100_000), "slew still running at the second join");
        ulong secondJoin = join + 100_000;
        var second = SlewPlanner.Plan(first, secondJoin, new ClockSegment(secondJoin, SlewPlanner.Evaluate(first, secondJoin) - 3_000, Period), 8);
        Assert.That(second, Has.Length.EqualTo(4));
        Assert.That(second[0], Is.EqualTo(first[0]));
        Assert.That(second[1], Is.EqualTo(first[1]));
        Assert.That(second[2].StartTicks, Is.EqualTo(secondJoin));
        for (ulong ticks = join - 10; ticks < secondJoin; ticks += 997)
            Assert.That(SlewPlanner.Evaluate(second, ticks), Is.EqualTo(SlewPlanner.Evaluate(first, ticks)), "readers of the old plan agree up to the join");
        AssertNonDecreasing(second, join - 1000, second[3].StartTicks + 1000);
    }

    [Test]
    public void The_plan_keeps_at_most_the_requested_number_of_segments_newest_last()
    {
        ClockSegment[] plan = Current;
        ulong join = 2_000_000;
        for (int i = 0; i < 20; i++)
        {
            var target = new ClockSegment(join, SlewPlanner.Evaluate(plan, join) + (i % 2 == 0 ? 700 : -700), Period);
            plan = SlewPlanner.Plan(plan, join, target, 5);
            Assert.That(plan, Has.Length.AtMost(5));
            Assert.That(plan[^1].NanosecondsPerTick, Is.EqualTo(Period));
            join += 10_000_000;
        }
        for (int i = 1; i < plan.Length; i++)
            Assert.That(plan[i].StartTicks, Is.GreaterThan(plan[i - 1].StartTicks));
        AssertNonDecreasing(plan, plan[0].StartTicks, join);
    }
}
