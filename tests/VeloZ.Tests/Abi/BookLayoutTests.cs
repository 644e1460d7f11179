using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using NUnit.Framework;
using VeloZ.Book;
using VeloZ.Interop;

namespace VeloZ.Tests.Abi;

/// <summary>
/// The Interop mirror structs are reinterpreted as Core's (MemoryMarshal.Cast in the exports), so each pair must
/// have the same size and the same field at the same offset with the same width; stats and depth state carry an
/// 8-byte struct_size header before Core's fields. The constant enums must carry Core's values. And the committed
/// include/veloz.h must state exactly Core's offsets, so a C caller sees Core's bytes.
/// </summary>
[TestFixture]
public class BookLayoutTests
{
    private static readonly (Type Mirror, Type Core, int Header, string CName)[] s_pairs =
    {
        (typeof(VelozBookCommand), typeof(BookCommand), 0, "veloz_book_command"),
        (typeof(VelozBookEvent), typeof(BookEvent), 0, "veloz_book_event"),
        (typeof(VelozLevel), typeof(Level), 0, "veloz_level"),
        (typeof(VelozTopOfBook), typeof(TopOfBook), 0, "veloz_top_of_book"),
        (typeof(VelozOrderInfo), typeof(OrderInfo), 0, "veloz_order_info"),
        (typeof(VelozDepthUpdate), typeof(DepthUpdate), 0, "veloz_depth_update"),
        (typeof(VelozBookStats), typeof(BookStatistics), 8, "veloz_book_stats"),
        (typeof(VelozDepthState), typeof(DepthBookState), 8, "veloz_depth_state"),
    };

    public static IEnumerable<TestCaseData> Pairs() =>
        s_pairs.Select(p => new TestCaseData(p.Mirror, p.Core, p.Header).SetArgDisplayNames(p.Mirror.Name, p.Core.Name));

    private static FieldInfo[] Fields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).OrderBy(f => (int)Marshal.OffsetOf(type, f.Name)).ToArray();

    private static int Width(Type type) => Marshal.SizeOf(type.IsEnum ? Enum.GetUnderlyingType(type) : type);

    private static int ManagedSize(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    [TestCaseSource(nameof(Pairs))]
    public void Mirror_struct_has_Cores_size_and_each_of_its_fields_at_the_same_offset_and_width(Type mirror, Type core, int header)
    {
        Assert.That(ManagedSize(mirror), Is.EqualTo(ManagedSize(core) + header), "size");
        Assert.That(Marshal.SizeOf(mirror), Is.EqualTo(ManagedSize(mirror)), "the mirror is blittable (marshalled size = managed size)");
        Assert.That(Marshal.SizeOf(core), Is.EqualTo(ManagedSize(core)), "Core's struct is blittable");

        FieldInfo[] mirrorFields = Fields(mirror);
        FieldInfo[] coreFields = Fields(core);
        Assert.That(mirrorFields.Length, Is.EqualTo(coreFields.Length + (header == 0 ? 0 : 2)), "field count");
        if (header != 0)
        {
            Assert.That(mirrorFields[0].Name, Is.EqualTo("StructSize"));
            Assert.That((int)Marshal.OffsetOf(mirror, "StructSize"), Is.Zero);
            Assert.That(Width(mirrorFields[0].FieldType) + Width(mirrorFields[1].FieldType), Is.EqualTo(header));
        }
        foreach (FieldInfo field in coreFields)
        {
            FieldInfo? twin = mirror.GetField(field.Name);
            Assert.That(twin, Is.Not.Null, $"{mirror.Name} lacks {core.Name}.{field.Name}");
            Assert.That((int)Marshal.OffsetOf(mirror, field.Name), Is.EqualTo((int)Marshal.OffsetOf(core, field.Name) + header), $"offset of {field.Name}");
            Assert.That(Width(twin!.FieldType), Is.EqualTo(Width(field.FieldType)), $"width of {field.Name}");
            Type coreType = field.FieldType.IsEnum ? Enum.GetUnderlyingType(field.FieldType) : field.FieldType;
            Type mirrorType = twin.FieldType.IsEnum ? Enum.GetUnderlyingType(twin.FieldType) : twin.FieldType;
            if (coreType.IsPrimitive)
                Assert.That(mirrorType, Is.EqualTo(coreType), $"type of {field.Name} (signedness included)");
        }
    }

    private static readonly (Type Mirror, Type Core)[] s_enums =
    {
        (typeof(VelozSide), typeof(Side)),
        (typeof(VelozBookMode), typeof(BookMode)),
        (typeof(VelozOrderType), typeof(OrderType)),
        (typeof(VelozTimeInForce), typeof(TimeInForce)),
        (typeof(VelozOrderFlags), typeof(OrderFlags)),
        (typeof(VelozSelfTradePrevention), typeof(SelfTradePrevention)),
        (typeof(VelozBookCommandType), typeof(BookCommandType)),
        (typeof(VelozBookEventType), typeof(BookEventType)),
        (typeof(VelozBookRejectReason), typeof(BookResult)),
        (typeof(VelozOrderDoneReason), typeof(OrderDoneReason)),
        (typeof(VelozBookEventFlags), typeof(BookEventFlags)),
        (typeof(VelozDepthStatus), typeof(DepthStatus)),
        (typeof(VelozDepthResult), typeof(DepthResult)),
    };

    public static IEnumerable<TestCaseData> Enums() =>
        s_enums.Select(p => new TestCaseData(p.Mirror, p.Core).SetArgDisplayNames(p.Mirror.Name, p.Core.Name));

    // Core's zero "not a value" members that the C constants leave out, and one rename (a reject reason of 0 is "none").
    private static string MirrorName(Type core, string name) =>
        core == typeof(BookResult) && name == nameof(BookResult.Ok) ? "None" : name;

    private static bool OmittedInC(Type core, string name) =>
        name == "None" && (core == typeof(BookCommandType) || core == typeof(BookEventType));

    [TestCaseSource(nameof(Enums))]
    public void Constant_enum_has_the_values_of_Cores_enum(Type mirror, Type core)
    {
        Assert.That(Enum.GetUnderlyingType(mirror), Is.EqualTo(typeof(int)), "C constants come from int-typed enums");
        var expected = Enum.GetNames(core).Where(n => !OmittedInC(core, n))
            .ToDictionary(n => MirrorName(core, n), n => Convert.ToInt64(Enum.Parse(core, n)));
        var actual = Enum.GetNames(mirror).ToDictionary(n => n, n => Convert.ToInt64(Enum.Parse(mirror, n)));
        Assert.That(actual, Is.EquivalentTo(expected));
    }

    /// <summary>The struct layouts include/veloz.h pins with its static asserts, by C name.</summary>
    private static Dictionary<string, (int Size, Dictionary<string, int> Offsets)> HeaderLayouts()
    {
        string root = TestContext.CurrentContext.TestDirectory;
        var directory = new DirectoryInfo(root);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VeloZ.sln")))
            directory = directory.Parent;
        Assert.That(directory, Is.Not.Null, "repository root (VeloZ.sln) not found");
        string header = File.ReadAllText(Path.Combine(directory!.FullName, "include", "veloz.h"));
        var layouts = new Dictionary<string, (int, Dictionary<string, int>)>();
        foreach (Match m in Regex.Matches(header, @"VELOZ_STATIC_ASSERT\(sizeof\((\w+)\) == (\d+),"))
            layouts[m.Groups[1].Value] = (int.Parse(m.Groups[2].Value), new Dictionary<string, int>());
        foreach (Match m in Regex.Matches(header, @"VELOZ_STATIC_ASSERT\(offsetof\((\w+), (\w+)\) == (\d+),"))
            layouts[m.Groups[1].Value].Item2[m.Groups[2].Value] = int.Parse(m.Groups[3].Value);
        return layouts;
    }

    private static string SnakeCase(string pascal)
    {
        var text = new StringBuilder();
        for (int i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
                text.Append('_');
            text.Append(char.ToLowerInvariant(pascal[i]));
        }
        return text.ToString();
    }

    [Test]
    public void Committed_header_states_Cores_offsets_for_every_book_struct()
    {
        Dictionary<string, (int Size, Dictionary<string, int> Offsets)> layouts = HeaderLayouts();
        foreach ((Type _, Type core, int header, string cName) in s_pairs)
        {
            Assert.That(layouts.ContainsKey(cName), Is.True, $"{cName} is missing from include/veloz.h (regenerate it)");
            (int size, Dictionary<string, int> offsets) = layouts[cName];
            Assert.That(size, Is.EqualTo(ManagedSize(core) + header), $"sizeof({cName})");
            foreach (FieldInfo field in Fields(core))
            {
                string cField = SnakeCase(field.Name);
                Assert.That(offsets.TryGetValue(cField, out int offset), Is.True, $"{cName}.{cField} is missing from include/veloz.h");
                Assert.That(offset, Is.EqualTo((int)Marshal.OffsetOf(core, field.Name) + header), $"offsetof({cName}, {cField})");
            }
        }
    }
}
