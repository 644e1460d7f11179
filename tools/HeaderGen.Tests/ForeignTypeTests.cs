using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

/// <summary>
/// Types of a second assembly (standing in for Core, which knows nothing of C) named in C by the export assembly's
/// <c>[assembly: CType(typeof(X), "veloz_x", ...)]</c>: read like its own [CType] types, documented from their own
/// XML doc file, byte-sized enums as int32_t typedefs held by uint8_t struct fields, and the refusals around them.
/// </summary>
public class ForeignTypeTests
{
    /// <summary>The "Core" fixture: plain C#, no ABI attributes.</summary>
    private const string CoreSource = """
        using System;
        using System.Runtime.InteropServices;

        namespace Fixture.Core;

        /// <summary>Side of a quote.</summary>
        public enum QuoteSide : byte
        {
            /// <summary>Bid.</summary>
            Bid = 1,
            /// <summary>Ask; see <see cref="QuoteFlags.Firm"/>.</summary>
            Ask = 2,
        }

        /// <summary>Options of a quote; combine with or.</summary>
        [Flags]
        public enum QuoteFlags : byte
        {
            /// <summary>None.</summary>
            None = 0,
            /// <summary>Firm: it trades at <see cref="Quote.Price"/>.</summary>
            Firm = 1,
        }

        /// <summary>How a venue runs.</summary>
        public enum VenueMode : byte
        {
            /// <summary>Live (the default of <see cref="QuoteBook()"/>).</summary>
            Live = 0,
            /// <summary>Replayed from a file.</summary>
            Replay = 1,
        }

        /// <summary>A quote, kept by a <see cref="QuoteBook"/>.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct Quote
        {
            /// <summary><see cref="QuoteSide.Bid"/> or <see cref="QuoteSide.Ask"/>.</summary>
            public QuoteSide Side;
            /// <summary>Flags.</summary>
            public QuoteFlags Flags;
            /// <summary>Zero.</summary>
            public ushort Reserved;
            /// <summary>Size in lots, at most <see cref="QuoteBook.Capacity"/>.</summary>
            public int Size;
            /// <summary>Price in ticks.</summary>
            public long Price;
        }

        /// <summary>Holds quotes; not part of the C ABI.</summary>
        public sealed class QuoteBook
        {
            /// <summary>Creates an empty book.</summary>
            public QuoteBook()
            {
            }

            /// <summary>Lots a quote may hold.</summary>
            public int Capacity => 100;
        }
        """;

    private const string InteropSource = """
        using System;
        using System.Runtime.InteropServices;
        using Fixture.Core;

        [assembly: VeloZ.Interop.CType(typeof(QuoteSide), "veloz_quote_side", ConstantPrefix = "VELOZ_QUOTE_SIDE_")]
        [assembly: VeloZ.Interop.CType(typeof(QuoteFlags), "veloz_quote_flags", ConstantPrefix = "VELOZ_QUOTE_FLAGS_")]
        [assembly: VeloZ.Interop.CType(typeof(VenueMode), "veloz_venue_mode", ConstantPrefix = "VELOZ_VENUE_MODE_")]
        [assembly: VeloZ.Interop.CType(typeof(Quote), "veloz_quote")]

        namespace VeloZ.Interop;

        /// <summary>Venue settings.</summary>
        [CType("veloz_venue_config")]
        [StructLayout(LayoutKind.Sequential)]
        public struct VenueConfig
        {
            /// <summary>sizeof(veloz_venue_config).</summary>
            public uint StructSize;
            /// <summary>A <see cref="VenueMode"/>, as an int.</summary>
            [CSpelling("veloz_venue_mode")]
            public int Mode;
        }

        /// <summary>Quote exports.</summary>
        public static unsafe class QuoteExports
        {
            /// <summary>Writes the best quote of <paramref name="side"/> (<see cref="QuoteSide.Ask"/> or bid); see <see cref="QuoteFlags.Firm"/>.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_quote_best")]
            [ThreadContract("thread-safe")]
            public static Status Best([Const] VenueConfig* config, [CSpelling("veloz_quote_side")] int side, Quote* @out) => Status.Ok;

            /// <summary>Writes the sides of <paramref name="count"/> quotes: memory, so one byte each.</summary>
            [UnmanagedCallersOnly(EntryPoint = "veloz_quote_sides")]
            [ThreadContract("thread-safe")]
            public static Status Sides(QuoteSide* out_sides, int count) => Status.Ok;
        }
        """;

    /// <summary>Compiles the Core fixture and <paramref name="interopSource"/> side by side; returns the export assembly's path.</summary>
    private static string CompilePair(string interopSource, out string coreDll)
    {
        string directory = FixtureAssembly.NewDirectory();
        coreDll = FixtureAssembly.CompilePlain(CoreSource, "Fixture.Core", directory);
        return FixtureAssembly.Compile(interopSource, "VeloZ.Fixture", directory, coreDll);
    }

    private static GeneratorException? Refusal(string interopSource) =>
        Assert.Throws<GeneratorException>(() => AbiReader.Read(CompilePair(interopSource, out _), out _));

    [Test]
    public void A_type_of_another_assembly_is_read_like_one_of_the_export_assembly_with_its_own_doc_comments()
    {
        AbiModel model = AbiReader.Read(CompilePair(InteropSource, out _), out _);

        AbiEnum side = model.Enums.Single(e => e.CName == "veloz_quote_side");
        Assert.That(side.Underlying, Is.EqualTo(PrimitiveCType.Int32), "a byte enum is an int32_t typedef: C's enum constants are int");
        Assert.That(side.Members.Select(m => (m.Name, m.Value)), Is.EqualTo(new[] { ("VELOZ_QUOTE_SIDE_BID", 1L), ("VELOZ_QUOTE_SIDE_ASK", 2L) }));
        Assert.That(side.Doc, Is.EqualTo("Side of a quote."), "from Fixture.Core.xml");
        // Crefs to the other assembly's members print their C names; a type without one prints its own name.
        Assert.That(side.Members[1].Doc, Is.EqualTo("Ask; see VELOZ_QUOTE_FLAGS_FIRM."));
        Assert.That(model.Enums.Single(e => e.CName == "veloz_quote_flags").Members[1].Doc, Is.EqualTo("Firm: it trades at veloz_quote.price."));

        AbiStruct quote = model.Structs.Single(s => s.CName == "veloz_quote");
        Assert.That(quote.Doc, Is.EqualTo("A quote, kept by a QuoteBook."));
        Assert.That(quote.Fields.Select(f => (f.Name, f.Type, f.Offset)), Is.EqualTo(new (string, CType, int)[]
        {
            ("side", PrimitiveCType.UInt8, 0), ("flags", PrimitiveCType.UInt8, 1), ("reserved", PrimitiveCType.UInt16, 2),
            ("size", PrimitiveCType.Int32, 4), ("price", PrimitiveCType.Int64, 8),
        }));
        Assert.That(quote.Size, Is.EqualTo(16));
        Assert.That(quote.Fields[0].Doc, Is.EqualTo("VELOZ_QUOTE_SIDE_BID or VELOZ_QUOTE_SIDE_ASK."));
        // A member of a type C does not know is written with its type's name; a constructor as the type.
        Assert.That(quote.Fields[3].Doc, Is.EqualTo("Size in lots, at most QuoteBook.Capacity."));
        Assert.That(model.Enums.Single(e => e.CName == "veloz_venue_mode").Members[0].Doc, Is.EqualTo("Live (the default of QuoteBook)."));

        AbiField mode = model.Structs.Single(s => s.CName == "veloz_venue_config").Fields.Single(f => f.Name == "mode");
        Assert.That(mode.Type, Is.InstanceOf<NamedCType>().And.Property("CName").EqualTo("veloz_venue_mode"), "[CSpelling] on an int field");
        Assert.That(mode.Doc, Is.EqualTo("A veloz_venue_mode, as an int."));

        AbiFunction best = model.Functions.Single(f => f.Name == "veloz_quote_best");
        Assert.That(best.Doc, Is.EqualTo("Writes the best quote of side (VELOZ_QUOTE_SIDE_ASK or bid); see VELOZ_QUOTE_FLAGS_FIRM."));
    }

    [Test]
    public void The_header_spells_narrow_enum_fields_by_width_and_compiles_with_its_static_assertions()
    {
        AbiModel model = AbiReader.Read(CompilePair(InteropSource, out _), out _);
        string header = CHeaderWriter.Write(model);
        Assert.That(header, Does.Contain("typedef int32_t veloz_quote_side;\nenum {\n"));
        Assert.That(header, Does.Contain("typedef int32_t veloz_venue_mode;\n"));
        Assert.That(header, Does.Contain("    uint8_t side;\n").And.Contain("    uint8_t flags;\n").And.Contain("    veloz_venue_mode mode;\n"));
        Assert.That(header, Does.Contain("veloz_status veloz_quote_best(const veloz_venue_config* config, veloz_quote_side side, veloz_quote* out);\n"));
        Assert.That(header, Does.Contain("veloz_status veloz_quote_sides(uint8_t* out_sides, int32_t count);\n"), "a pointee is memory: one byte each");
        Assert.That(header, Does.Contain("VELOZ_STATIC_ASSERT(offsetof(veloz_quote, price) == 8,"));

        string directory = FixtureAssembly.NewDirectory();
        File.WriteAllText(Path.Combine(directory, "veloz.h"), header);
        File.WriteAllText(Path.Combine(directory, "use.c"), """
            #include "veloz.h"
            int use(void);
            int use(void) {
                veloz_quote quote = {0};
                veloz_venue_config config = {0};
                quote.side = VELOZ_QUOTE_SIDE_ASK;
                config.mode = VELOZ_VENUE_MODE_REPLAY;
                return (int)sizeof quote + quote.side + config.mode;
            }
            """);
        (int exitCode, string output) = ExternalTool.Run("gcc", directory, "-x", "c", "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "use.c");
        Assert.That(exitCode, Is.EqualTo(0), output);

        string ctypes = PythonCtypesWriter.Write(model);
        Assert.That(ctypes, Does.Contain("veloz_quote_side = ctypes.c_int32\n"));
        Assert.That(ctypes, Does.Contain("        (\"side\", ctypes.c_uint8),\n").And.Contain("        (\"mode\", veloz_venue_mode),\n"));
        string pxd = CythonPxdWriter.Write(model);
        Assert.That(pxd, Does.Contain("    ctypedef int32_t veloz_quote_side\n").And.Contain("        uint8_t side\n").And.Contain("        veloz_venue_mode mode\n"));
    }

    [Test]
    public void Layouts_of_the_other_assemblys_structs_match_the_runtime()
    {
        string interopDll = CompilePair(InteropSource, out string coreDll);
        AbiModel model = AbiReader.Read(interopDll, out _);
        var context = new AssemblyLoadContext("foreign-fixture", isCollectible: true);
        try
        {
            Assembly core = context.LoadFromAssemblyPath(coreDll);
            context.LoadFromAssemblyPath(interopDll);
            Type quote = core.GetType("Fixture.Core.Quote")!;
            AbiStruct abiQuote = model.Structs.Single(s => s.CName == "veloz_quote");
            Assert.That(abiQuote.Size, Is.EqualTo(Marshal.SizeOf(quote)));
            foreach (AbiField field in abiQuote.Fields)
            {
                string name = string.Concat(field.Name.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
                Assert.That(field.Offset, Is.EqualTo((int)Marshal.OffsetOf(quote, name)), field.Name);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Test]
    public void A_narrow_enum_parameter_is_refused_with_the_fix()
    {
        var e = Refusal(InteropSource.Replace("[CSpelling(\"veloz_quote_side\")] int side", "QuoteSide side"));
        Assert.That(e!.Message, Does.Contain("veloz_quote_best").And.Contain("parameter side").And.Contain("1-byte enum")
            .And.Contain("int32_t").And.Contain("[CSpelling(\"veloz_quote_side\")]"));
    }

    [Test]
    public void A_narrow_enum_return_value_is_refused()
    {
        var e = Refusal(InteropSource.Replace("public static Status Sides(QuoteSide* out_sides, int count) => Status.Ok;",
            "public static QuoteSide Sides(QuoteSide* out_sides, int count) => QuoteSide.Bid;"));
        Assert.That(e!.Message, Does.Contain("veloz_quote_sides").And.Contain("return value").And.Contain("1-byte enum"));
    }

    [Test]
    public void A_field_spelled_as_an_enum_typedef_of_another_size_is_refused()
    {
        var e = Refusal(InteropSource.Replace("public int Mode;", "public byte Mode;"));
        Assert.That(e!.Message, Does.Contain("VenueConfig.Mode").And.Contain("[CSpelling(\"veloz_venue_mode\")]").And.Contain("does not match"));
    }

    [Test]
    public void A_type_named_by_two_assembly_attributes_is_refused()
    {
        var e = Refusal(InteropSource.Replace(
            "[assembly: VeloZ.Interop.CType(typeof(Quote), \"veloz_quote\")]",
            "[assembly: VeloZ.Interop.CType(typeof(Quote), \"veloz_quote\")]\n[assembly: VeloZ.Interop.CType(typeof(Quote), \"veloz_quote2\")]"));
        Assert.That(e!.Message, Does.Contain("Fixture.Core.Quote is named twice").And.Contain("veloz_quote2"));
    }

    [Test]
    public void A_type_named_on_itself_and_by_an_assembly_attribute_is_refused()
    {
        var e = Refusal(InteropSource.Replace(
            "[assembly: VeloZ.Interop.CType(typeof(Quote), \"veloz_quote\")]",
            "[assembly: VeloZ.Interop.CType(typeof(Quote), \"veloz_quote\")]\n[assembly: VeloZ.Interop.CType(typeof(VeloZ.Interop.VenueConfig), \"veloz_venue\")]"));
        Assert.That(e!.Message, Does.Contain("VeloZ.Interop.VenueConfig is named twice")
            .And.Contain("[CType(\"veloz_venue_config\")] on VeloZ.Interop.VenueConfig").And.Contain("veloz_venue\")]"));
    }

    [Test]
    public void A_type_level_CType_naming_another_type_is_refused()
    {
        var e = Refusal(InteropSource.Replace("[CType(\"veloz_venue_config\")]", "[CType(typeof(Quote), \"veloz_venue_config\")]"));
        Assert.That(e!.Message, Does.Contain("VeloZ.Interop.VenueConfig").And.Contain("goes on the assembly"));
    }

    [Test]
    public void The_other_assemblys_missing_doc_file_is_refused()
    {
        string interopDll = CompilePair(InteropSource, out string coreDll);
        File.Delete(Path.ChangeExtension(coreDll, ".xml"));
        var e = Assert.Throws<GeneratorException>(() => AbiReader.Read(interopDll, out _));
        Assert.That(e!.Message, Does.Contain("Fixture.Core.xml").And.Contain("GenerateDocumentationFile"));
    }

    [Test]
    public void The_other_assembly_missing_beside_the_export_assembly_is_refused()
    {
        string interopDll = CompilePair(InteropSource, out string coreDll);
        File.Delete(coreDll);
        var e = Assert.Throws<GeneratorException>(() => AbiReader.Read(interopDll, out _));
        Assert.That(e!.Message, Does.Contain("Fixture.Core").And.Contain("beside"));
    }

    [Test]
    public void A_32_bit_enum_value_outside_int_is_refused()
    {
        string source = InteropSource.Replace("namespace VeloZ.Interop;", """
            namespace VeloZ.Interop;

            /// <summary>Big.</summary>
            [CType("veloz_big", ConstantPrefix = "VELOZ_BIG_")]
            public enum Big : uint
            {
                /// <summary>Above int.</summary>
                High = 0x8000_0000,
            }
            """);
        var e = Refusal(source);
        Assert.That(e!.Message, Does.Contain("Big.High").And.Contain("int32_t"));
    }
}
