using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VeloZ.Time;

/// <summary>One straight piece of the tick-to-nanosecond mapping: from <see cref="StartTicks"/> on, time advances <see cref="NanosecondsPerTick"/> per tick.</summary>
internal readonly record struct ClockSegment(ulong StartTicks, long StartNanoseconds, double NanosecondsPerTick)
{
    /// <summary>
    /// The time at <paramref name="ticks"/> on this segment's line (extrapolated before its start).
    /// Non-decreasing in <paramref name="ticks"/>: the product of a positive rate and a larger delta is
    /// never smaller in IEEE arithmetic, and truncation toward zero is monotone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Evaluate(ulong ticks) => StartNanoseconds + Scale((long)(ticks - StartTicks), NanosecondsPerTick);

    /// <summary>
    /// <c>(long)(delta * rate)</c>, truncating toward zero. On x64 this is the bare cvttsd2si: .NET 9's
    /// saturating <c>(long)</c> cast compiles to a helper call under Native AOT, a call on every clock
    /// read. The products here are far inside the long range, where both agree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Scale(long delta, double rate)
    {
        double product = delta * rate;
        if (Sse2.X64.IsSupported)
            return Sse2.X64.ConvertToInt64WithTruncation(Vector128.CreateScalarUnsafe(product));
        return (long)product;
    }
}
