using System;
using NUnit.Framework;

namespace VeloZ.Tests.Abi;

[TestFixture]
public unsafe class ClockAbiTests
{
    private static ClockInfo GetInfo()
    {
        var info = new ClockInfo { StructSize = (uint)sizeof(ClockInfo) };
        AbiAssert.Ok(LibVeloz.ClockGetInfo(&info), "veloz_clock_get_info");
        return info;
    }

    [Test]
    public void Now_ns_is_unix_epoch_nanoseconds_close_to_the_system_clock()
    {
        long system = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        long now = LibVeloz.ClockNowNs();
        Assert.That(Math.Abs(now - system), Is.LessThan(100_000_000), $"veloz_clock_now_ns {now} vs system {system}");
    }

    [Test]
    public void Now_ns_never_decreases_on_one_thread()
    {
        long previous = LibVeloz.ClockNowNs();
        int decreases = 0;
        for (int i = 0; i < 200_000; i++)
        {
            long now = LibVeloz.ClockNowNs();
            if (now < previous)
                decreases++;
            previous = now;
        }
        Assert.That(decreases, Is.Zero);
    }

    [Test]
    public void Ticks_to_ns_of_a_fresh_reading_is_close_to_now_ns()
    {
        ulong ticks = LibVeloz.ClockTicks();
        long fromTicks = LibVeloz.ClockTicksToNs(ticks);
        long now = LibVeloz.ClockNowNs();
        Assert.That(Math.Abs(now - fromTicks), Is.LessThan(10_000_000));
        ulong later = LibVeloz.ClockTicks();
        Assert.That(LibVeloz.ClockTicksToNs(later), Is.GreaterThanOrEqualTo(fromTicks));
    }

    [Test]
    public void Ticks_advance_at_the_reported_rate()
    {
        var info = GetInfo();
        ulong t0 = LibVeloz.ClockTicks();
        long n0 = LibVeloz.ClockNowNs();
        System.Threading.Thread.Sleep(50);
        ulong t1 = LibVeloz.ClockTicks();
        long n1 = LibVeloz.ClockNowNs();
        double elapsedByTicks = (t1 - t0) / info.TicksPerSecond * 1e9;
        Assert.That(elapsedByTicks, Is.EqualTo((double)(n1 - n0)).Within(5).Percent);
    }

    [Test]
    public void Info_fields_are_sane()
    {
        var info = GetInfo();
        TestContext.Out.WriteLine($"source {info.Source}, invariant_tsc {info.InvariantTsc}, {info.TicksPerSecond:F0} ticks/s, " +
                                  $"error {info.ErrorNs} ns, calibrated at {info.CalibratedAtNs}, {info.CalibrationCount} calibrations");
        Assert.That(info.Source, Is.EqualTo(0).Or.EqualTo(1), "VELOZ_CLOCK_SOURCE_OS or _TSC");
        Assert.That(info.InvariantTsc, Is.EqualTo(0).Or.EqualTo(1));
        Assert.That(info.Reserved, Is.Zero);
        Assert.That(info.TicksPerSecond, Is.InRange(1e6, 1e11));
        if (info.Source == 0)
            Assert.That(info.TicksPerSecond, Is.EqualTo(1e9), "the OS source counts nanoseconds");
        Assert.That(info.ErrorNs, Is.GreaterThanOrEqualTo(0));
        Assert.That(info.CalibrationCount, Is.GreaterThanOrEqualTo(0));
        Assert.That(info.CalibratedAtNs, Is.LessThanOrEqualTo(LibVeloz.ClockNowNs()));
    }

    [Test]
    public void Calibrate_counts_a_calibration_and_never_moves_time_backwards()
    {
        long before = LibVeloz.ClockNowNs();
        long countBefore = GetInfo().CalibrationCount;
        AbiAssert.Ok(LibVeloz.ClockCalibrate(), "veloz_clock_calibrate");
        Assert.That(LibVeloz.ClockNowNs(), Is.GreaterThanOrEqualTo(before));
        var after = GetInfo();
        Assert.That(after.CalibrationCount, Is.GreaterThanOrEqualTo(countBefore));
        if (after.Source == 1)
        {
            Assert.That(after.CalibrationCount, Is.GreaterThan(countBefore), "a TSC calibration is counted");
            Assert.That(after.CalibratedAtNs, Is.GreaterThanOrEqualTo(before - 1_000_000_000L));
        }
    }

    [Test]
    public void Get_info_with_NULL_is_an_invalid_argument()
    {
        AbiAssert.Status(LibVeloz.ClockGetInfo(null), VelozStatus.InvalidArgument, "veloz_clock_get_info");
    }

    [Test]
    public void Get_info_with_struct_size_zero_is_an_invalid_argument_and_writes_nothing()
    {
        var info = new ClockInfo { StructSize = 0, Source = 77, TicksPerSecond = -1 };
        AbiAssert.Status(LibVeloz.ClockGetInfo(&info), VelozStatus.InvalidArgument, "veloz_clock_get_info");
        Assert.That(info.Source, Is.EqualTo(77));
        Assert.That(info.TicksPerSecond, Is.EqualTo(-1));
    }

    [Test]
    public void Get_info_writes_only_struct_size_bytes_for_an_older_smaller_struct()
    {
        byte* buffer = stackalloc byte[sizeof(ClockInfo)];
        new Span<byte>(buffer, sizeof(ClockInfo)).Fill(0xCD);
        *(uint*)buffer = 8;
        AbiAssert.Ok(LibVeloz.ClockGetInfo((ClockInfo*)buffer), "veloz_clock_get_info");
        Assert.That(((ClockInfo*)buffer)->Source, Is.EqualTo(0).Or.EqualTo(1), "the fields that fit are written");
        Assert.That(new Span<byte>(buffer + 8, sizeof(ClockInfo) - 8).ToArray(), Is.All.EqualTo((byte)0xCD), "nothing past struct_size");
    }

    [Test]
    public void Get_info_leaves_the_tail_of_a_newer_larger_struct_alone()
    {
        int size = sizeof(ClockInfo) + 16;
        byte* buffer = stackalloc byte[size];
        new Span<byte>(buffer, size).Fill(0xCD);
        *(uint*)buffer = (uint)size;
        AbiAssert.Ok(LibVeloz.ClockGetInfo((ClockInfo*)buffer), "veloz_clock_get_info");
        Assert.That(((ClockInfo*)buffer)->TicksPerSecond, Is.GreaterThan(0));
        Assert.That(new Span<byte>(buffer + sizeof(ClockInfo), 16).ToArray(), Is.All.EqualTo((byte)0xCD));
    }

    [Test]
    public void Ticks_to_ns_accepts_any_value()
    {
        // Not a meaningful reading, but it must not crash or throw across the ABI.
        foreach (ulong ticks in new[] { 0UL, 1UL, ulong.MaxValue, ulong.MaxValue / 2, 1UL << 63 })
            Assert.That(() => LibVeloz.ClockTicksToNs(ticks), Throws.Nothing);
    }
}
