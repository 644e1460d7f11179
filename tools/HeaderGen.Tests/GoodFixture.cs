namespace VeloZ.HeaderGen.Tests;

/// <summary>
/// A fixture that uses every construct the generator supports: constants of each kind, a non-status
/// enum, an opaque handle, config/out structs, a nested struct, a fixed buffer, implicit padding,
/// const pointers, C strings, nint/nuint/float, and two export classes (CommonExports must come first).
/// </summary>
internal static class GoodFixture
{
    public const string Source = """
        using System;
        using System.Runtime.InteropServices;

        namespace VeloZ.Interop;

        /// <summary>Fixture constants.</summary>
        [CConstants]
        public static class FixtureConstants
        {
            /// <summary>An int.</summary>
            public const int VELOZ_FIXTURE_INT = -3;
            /// <summary>A uint.</summary>
            public const uint VELOZ_FIXTURE_UINT = 7;
            /// <summary>A long.</summary>
            public const long VELOZ_FIXTURE_LONG = 3_600_000_000_000;
            /// <summary>A ulong.</summary>
            public const ulong VELOZ_FIXTURE_ULONG = 18_000_000_000_000_000_000;
            /// <summary>A double.</summary>
            public const double VELOZ_FIXTURE_DOUBLE = 1e9;
            /// <summary>A string with "quotes".</summary>
            public const string VELOZ_FIXTURE_STRING = "a\"b";
            /// <summary>Not a const: not written.</summary>
            public static readonly int NotAConstant = 1;
        }

        /// <summary>How the fixture runs; see <see cref="FixtureMode.FastPath"/>.</summary>
        [CType("veloz_fixture_mode", ConstantPrefix = "VELOZ_FIXTURE_MODE_")]
        public enum FixtureMode : int
        {
            /// <summary>Plain.</summary>
            Plain = 0,
            /// <summary>Fast.</summary>
            FastPath = 1,
            /// <summary>The TSC.</summary>
            TSCClock = 2,
        }

        /// <summary>A fixture object.</summary>
        [CType("veloz_fixture", Opaque = true)]
        public struct FixtureHandle
        {
        }

        /// <summary>Fixture settings; NULL means defaults.</summary>
        [CType("veloz_fixture_config")]
        [StructLayout(LayoutKind.Sequential)]
        public struct FixtureConfig
        {
            /// <summary>Caller sets sizeof(veloz_fixture_config).</summary>
            public uint StructSize;
            /// <summary>The mode.</summary>
            public FixtureMode Mode;
            /// <summary>Capacity in items.</summary>
            public long Capacity;
            /// <summary>A ratio.</summary>
            public double Ratio;
        }

        /// <summary>A point.</summary>
        [CType("veloz_fixture_point")]
        public struct FixturePoint
        {
            /// <summary>X.</summary>
            public int X;
            /// <summary>Y.</summary>
            public int Y;
        }

        /// <summary>An event with awkward alignment on purpose.</summary>
        [CType("veloz_fixture_event")]
        public unsafe struct FixtureEvent
        {
            /// <summary>Kind.</summary>
            public byte Kind;
            /// <summary>Level.</summary>
            public short Level;
            /// <summary>Where.</summary>
            public FixturePoint Where;
            /// <summary>Time.</summary>
            public long TimeNs;
            /// <summary>Symbol, NUL padded.</summary>
            public fixed byte Symbol[13];
            /// <summary>Caller context.</summary>
            public void* Context;
            /// <summary>Mode.</summary>
            public FixtureMode Mode;
        }

        /// <summary>A byte-sized side, as a packed event struct wants it: an int32_t typedef, a uint8_t in a struct.</summary>
        [CType("veloz_fixture_side", ConstantPrefix = "VELOZ_FIXTURE_SIDE_")]
        public enum FixtureSide : byte
        {
            /// <summary>Buy.</summary>
            Buy = 1,
            /// <summary>Sell.</summary>
            Sell = 2,
        }

        /// <summary>Wide flags.</summary>
        [CType("veloz_fixture_wide", ConstantPrefix = "VELOZ_FIXTURE_WIDE_")]
        [Flags]
        public enum FixtureWide : ulong
        {
            /// <summary>Low bit.</summary>
            Low = 1,
            /// <summary>High bit.</summary>
            High = 0x8000_0000_0000_0000,
        }

        /// <summary>Explicit offsets with a gap, padded to a cache line.</summary>
        [CType("veloz_fixture_line")]
        [StructLayout(LayoutKind.Explicit, Size = 64)]
        public struct FixtureLine
        {
            /// <summary>Side.</summary>
            [FieldOffset(0)] public FixtureSide Side;
            /// <summary>Flags.</summary>
            [FieldOffset(8)] public FixtureWide Flags;
            /// <summary>Price, after a gap.</summary>
            [FieldOffset(24)] public long Price;
        }

        /// <summary>Sequential, padded to 32 bytes.</summary>
        [CType("veloz_fixture_sized")]
        [StructLayout(LayoutKind.Sequential, Size = 32)]
        public struct FixtureSized
        {
            /// <summary>Id.</summary>
            public long Id;
            /// <summary>Side.</summary>
            public FixtureSide Side;
        }

        /// <summary>Callbacks in a struct.</summary>
        [CType("veloz_fixture_hooks")]
        public unsafe struct FixtureHooks
        {
            /// <summary>Called when idle.</summary>
            public delegate* unmanaged<void*, void> OnIdle;
            /// <summary>Passed to every hook.</summary>
            public void* Context;
        }

        /// <summary>Fixture exports.</summary>
        public static unsafe class AlphaExports
        {
            /// <summary>
            /// Creates a fixture from <paramref name="config"/> (<see langword="null"/> means defaults) in
            /// <c>*out</c>; destroy it with <see cref="Destroy(FixtureHandle*)"/>. Fails with <see cref="Status.EInvalidArgument"/>.
            /// <para>Second paragraph ends with */ which must not end the comment.</para>
            /// </summary>
            /// <param name="config">The settings.</param>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_create")]
            [ThreadContract("thread-safe")]
            public static Status Create([Const] FixtureConfig* config, FixtureHandle** @out) => Status.Ok;

            /// <summary>Destroys; NULL is a no-op.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_destroy")]
            [ThreadContract("thread-safe")]
            public static void Destroy(FixtureHandle* fixture) { }

            /// <summary>Sums.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_sum")]
            [ThreadContract("any thread, wait-free")]
            public static Status Sum(FixtureHandle* fixture, [Const] long* values, int count, long* out_sum) => Status.Ok;

            /// <summary>Drains events.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_events")]
            [ThreadContract("owner thread only")]
            public static Status Events(FixtureHandle* fixture, FixtureEvent* out_events, int capacity, int* written) => Status.Ok;

            /// <summary>The mode.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_mode_of")]
            [ThreadContract("any thread, wait-free")]
            public static FixtureMode ModeOf(FixtureHandle* fixture) => FixtureMode.Plain;

            /// <summary>Odd scalar types.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_scalars")]
            [ThreadContract("any thread, wait-free")]
            public static float Scalars(nint a, nuint b, float c, double d, sbyte e, ushort f, void* g) => 0;

            /// <summary>Reads lines.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_lines")]
            [ThreadContract("owner thread only")]
            public static Status Lines(FixtureHandle* fixture, FixtureLine* out_lines, FixtureSized* out_sized, [CSpelling("veloz_fixture_side")] int side) => Status.Ok;

            /// <summary>Registers a callback, invoked with <paramref name="context"/>.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_on_event")]
            [ThreadContract("owner thread only")]
            public static Status OnEvent(FixtureHandle* fixture, delegate* unmanaged<void*, FixtureEvent*, int> callback, void* context) => Status.Ok;

            /// <summary>Sets hooks.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_set_hooks")]
            [ThreadContract("owner thread only")]
            public static Status SetHooks(FixtureHandle* fixture, [Const] FixtureHooks* hooks) => Status.Ok;

            /// <summary>Not exported: no UnmanagedCallersOnly.</summary>
            public static int NotExported() => 0;
        }

        /// <summary>Common exports.</summary>
        public static unsafe class CommonExports
        {
            /// <summary>A name.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_name")]
            [ThreadContract("any thread, wait-free")]
            [return: CSpelling("const char*")]
            public static byte* Name(Status status) => null;

            /// <summary>Ticks.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_ticks")]
            [ThreadContract("any thread, wait-free")]
            public static ulong Ticks() => 0;

            /// <summary>Copies a message into <paramref name="buffer"/>.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_message")]
            [ThreadContract("thread-safe")]
            public static int Message([CSpelling("char*")] byte* buffer, int capacity) => 0;
        }
        """;
}
