using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

/// <summary>Exports that break the ABI rules are refused with a message naming the C# member and the fix.</summary>
public class RejectionTests
{
    private const string Prologue = """
        using System;
        using System.Runtime.InteropServices;
        namespace VeloZ.Interop;
        /// <summary>Fixture.</summary>
        public static unsafe class FixtureExports
        {

        """;

    private static string Export(string member) => Prologue + member + "\n}\n";

    private static GeneratorException? Refusal(string source) =>
        Assert.Throws<GeneratorException>(() => AbiReader.Read(FixtureAssembly.Compile(source), out _));

    [Test]
    public void A_bool_parameter_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_flag")] [ThreadContract("thread-safe")]
            public static int Flag(bool on) => 0;
            """));
        Assert.That(e!.Message, Does.Contain("FixtureExports.Flag").And.Contain("parameter on").And.Contain("bool"));
    }

    [Test]
    public void A_missing_thread_contract_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")]
            public static int Run() => 0;
            """));
        Assert.That(e!.Message, Does.Contain("veloz_fixture_run").And.Contain("ThreadContract"));
    }

    [Test]
    public void A_missing_summary_is_refused()
    {
        var e = Refusal(Export("""
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")] [ThreadContract("thread-safe")]
            public static int Run() => 0;
            """));
        Assert.That(e!.Message, Does.Contain("veloz_fixture_run").And.Contain("summary"));
    }

    [Test]
    public void A_parameter_named_like_a_CPlusPlus_keyword_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")] [ThreadContract("thread-safe")]
            public static int Run(int @new) => 0;
            """));
        Assert.That(e!.Message, Does.Contain("parameter new").And.Contain("keyword"));
    }

    [Test]
    public void An_entry_point_outside_the_veloz_namespace_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "run_it")] [ThreadContract("thread-safe")]
            public static int Run() => 0;
            """));
        Assert.That(e!.Message, Does.Contain("run_it").And.Contain("veloz_"));
    }

    [Test]
    public void A_struct_without_CType_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")] [ThreadContract("thread-safe")]
            public static int Run(Plain* p) => 0;
            }
            /// <summary>x</summary>
            public struct Plain { /// <summary>x</summary>
            public int X;
            """));
        Assert.That(e!.Message, Does.Contain("VeloZ.Interop.Plain").And.Contain("[CType"));
    }

    [Test]
    public void An_enum_without_members_is_refused()
    {
        var e = Refusal(Export("}\n" + """
            /// <summary>x</summary>
            [CType("veloz_nothing", ConstantPrefix = "VELOZ_NOTHING_")] public enum Nothing : int {
            """));
        Assert.That(e!.Message, Does.Contain("veloz_nothing").And.Contain("without members"));
    }

    [Test]
    public void Overlapping_explicit_fields_are_refused()
    {
        var e = Refusal(Export("}\n" + """
            /// <summary>x</summary>
            [CType("veloz_union")] [StructLayout(LayoutKind.Explicit)] public struct Union { /// <summary>x</summary>
            [FieldOffset(0)] public long A; /// <summary>x</summary>
            [FieldOffset(4)] public int B;
            """));
        Assert.That(e!.Message, Does.Contain("Union.B").And.Contain("overlaps"));
    }

    [Test]
    public void An_opaque_type_with_fields_is_refused()
    {
        var e = Refusal(Export("}\n" + """
            /// <summary>x</summary>
            [CType("veloz_thing", Opaque = true)] public struct Thing { /// <summary>x</summary>
            public int X;
            """));
        Assert.That(e!.Message, Does.Contain("veloz_thing").And.Contain("empty struct"));
    }

    [Test]
    public void A_packed_struct_is_refused()
    {
        var e = Refusal(Export("}\n" + """
            /// <summary>x</summary>
            [CType("veloz_packed")] [StructLayout(LayoutKind.Sequential, Pack = 1)] public struct Packed { /// <summary>x</summary>
            public byte A; /// <summary>x</summary>
            public long B;
            """));
        Assert.That(e!.Message, Does.Contain("veloz_packed").And.Contain("Pack = 1"));
    }

    [Test]
    public void Const_on_a_value_parameter_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")] [ThreadContract("thread-safe")]
            public static int Run([Const] int count) => 0;
            """));
        Assert.That(e!.Message, Does.Contain("parameter count").And.Contain("[Const]"));
    }

    [Test]
    public void A_CSpelling_with_another_pointer_depth_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")] [ThreadContract("thread-safe")]
            public static int Run([CSpelling("const char**")] byte* name) => 0;
            """));
        Assert.That(e!.Message, Does.Contain("parameter name").And.Contain("const char**"));
    }

    [Test]
    public void An_entry_point_exported_twice_is_refused()
    {
        var e = Refusal(Export("""
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")] [ThreadContract("thread-safe")]
            public static int Run() => 0;
            /// <summary>x</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_fixture_run")] [ThreadContract("thread-safe")]
            public static int Run2() => 0;
            """));
        Assert.That(e!.Message, Does.Contain("veloz_fixture_run").And.Contain("twice"));
    }
}
