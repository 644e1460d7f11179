using System;
using NUnit.Framework;
using VeloZ.Time;

namespace VeloZ.Tests.Time;

[TestFixture]
public class AnchorSamplerTests
{
    /// <summary>Replays scripted (ticks before, wall, ticks after) sandwiches.</summary>
    private struct ScriptedSource : IAnchorSource
    {
        public ulong[] Ticks;
        public long[] Walls;
        public int NextTick;
        public int NextWall;

        public ulong ReadTicksOrdered() => Ticks[NextTick++];
        public long ReadWallNanoseconds() => Walls[NextWall++];
    }

    [Test]
    public void Measure_keeps_the_sandwich_with_the_smallest_tick_gap_anchored_at_its_midpoint()
    {
        var source = new ScriptedSource
        {
            //         gap 100       gap 30        gap 50        gap 31
            Ticks = [1000, 1100, 2000, 2030, 3000, 3050, 4000, 4031],
            Walls = [10_000, 20_000, 30_000, 40_000],
        };
        ClockAnchor anchor = AnchorSampler.Measure(ref source, 4);
        Assert.That(anchor, Is.EqualTo(new ClockAnchor(2015, 20_000, 30)));
        Assert.That(source.NextTick, Is.EqualTo(8), "every sandwich was taken");
    }

    [Test]
    public void Measure_discards_sandwiches_whose_counter_ran_backwards()
    {
        var source = new ScriptedSource
        {
            Ticks = [5000, 4990, 6000, 6040],
            Walls = [1, 2],
        };
        Assert.That(AnchorSampler.Measure(ref source, 2), Is.EqualTo(new ClockAnchor(6020, 2, 40)));
    }

    [Test]
    public void Measure_throws_when_every_sandwich_ran_backwards()
    {
        var source = new ScriptedSource { Ticks = [5000, 4990], Walls = [1] };
        Assert.That(() => AnchorSampler.Measure(ref source, 1), Throws.InvalidOperationException);
    }
}
