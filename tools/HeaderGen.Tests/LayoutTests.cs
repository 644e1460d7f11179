using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

/// <summary>
/// The generator computes struct layouts itself (it only reads metadata); these tests load the same
/// assemblies for real and compare every size and offset with what the runtime uses.
/// </summary>
public class LayoutTests
{
    [Test]
    public void Fixture_struct_layouts_match_the_runtime_including_nesting_fixed_buffers_and_padding()
    {
        string dll = FixtureAssembly.Compile(GoodFixture.Source);
        AbiModel model = AbiReader.Read(dll, out _);
        var context = new AssemblyLoadContext("fixture", isCollectible: true);
        try
        {
            int compared = CompareWithRuntime(model, context.LoadFromAssemblyPath(dll));
            Assert.That(compared, Is.EqualTo(6), "config, point, event, line, sized, hooks");
        }
        finally
        {
            context.Unload();
        }
    }

    [Test]
    public void Fixture_event_layout_is_the_natural_one()
    {
        AbiModel model = AbiReader.Read(FixtureAssembly.Compile(GoodFixture.Source), out IReadOnlyList<string> warnings);
        AbiStruct abiEvent = model.Structs.Single(s => s.CName == "veloz_fixture_event");
        Assert.That(abiEvent.Fields.Select(f => (f.Name, f.Offset)), Is.EqualTo(new[]
        {
            ("kind", 0), ("level", 2), ("where", 4), ("time_ns", 16), ("symbol", 24), ("context", 40), ("mode", 48),
        }));
        Assert.That(abiEvent.Size, Is.EqualTo(56));
        Assert.That(abiEvent.Fields.Single(f => f.Name == "symbol").ArrayLength, Is.EqualTo(13));
        Assert.That(warnings, Has.Some.Contains("FixtureEvent.Level").And.Some.Contains("tail padding"));
    }

    [Test]
    public void Explicit_offsets_and_StructLayout_Size_become_named_padding_arrays()
    {
        AbiModel model = AbiReader.Read(FixtureAssembly.Compile(GoodFixture.Source), out _);
        AbiStruct line = model.Structs.Single(s => s.CName == "veloz_fixture_line");
        Assert.That(line.Fields.Select(f => (f.Name, f.Offset, f.ArrayLength, f.IsPadding)), Is.EqualTo(new (string, int, int?, bool)[]
        {
            ("side", 0, null, false), ("flags", 8, null, false), ("padding_16", 16, 8, true), ("price", 24, null, false), ("padding_32", 32, 32, true),
        }));
        Assert.That(line.Size, Is.EqualTo(64));
        AbiStruct sized = model.Structs.Single(s => s.CName == "veloz_fixture_sized");
        Assert.That(sized.Fields.Last(), Is.EqualTo(sized.Fields.Last() with { Name = "padding_9", Offset = 9, ArrayLength = 23, IsPadding = true }));
        Assert.That(sized.Size, Is.EqualTo(32));
    }

    [Test]
    public void Real_interop_assembly_is_readable_and_its_struct_layouts_match_the_runtime()
    {
        Assembly interop = typeof(VeloZ.Interop.Status).Assembly;
        AbiModel model = AbiReader.Read(interop.Location, out _);
        Assert.That(model.Functions.Select(f => f.Name), Does.Contain("veloz_version").And.Contain("veloz_last_error_message"));
        int compared = CompareWithRuntime(model, interop);
        Assert.That(compared, Is.EqualTo(model.Structs.Count));
        TestContext.Out.WriteLine($"compared {compared} Interop structs with the runtime layout");
    }

    private static int CompareWithRuntime(AbiModel model, Assembly assembly)
    {
        // The assembly's [CType] types, then the types of other assemblies (Core) its [assembly: CType(typeof(X), ...)] names.
        var named = new List<(Type Type, string CName)>();
        foreach (Type type in assembly.GetTypes())
        {
            CustomAttributeData? cType = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "CTypeAttribute");
            if (cType is not null)
                named.Add((type, (string)cType.ConstructorArguments[0].Value!));
        }
        foreach (CustomAttributeData cType in assembly.GetCustomAttributesData().Where(a => a.AttributeType.Name == "CTypeAttribute"))
            named.Add(((Type)cType.ConstructorArguments[0].Value!, (string)cType.ConstructorArguments[1].Value!));

        int compared = 0;
        foreach ((Type type, string cName) in named)
        {
            AbiStruct? abiStruct = model.Structs.FirstOrDefault(s => s.CName == cName);
            if (abiStruct is null)
                continue;
            FieldInfo[] fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .OrderBy(f => f.MetadataToken).ToArray();
            Assert.That(abiStruct.Size, Is.EqualTo(Marshal.SizeOf(type)), $"{abiStruct.CName} size");
            // Padding the generator adds has no C# field; everything else maps one to one, in order.
            List<AbiField> real = abiStruct.Fields.Where(f => !f.IsPadding).ToList();
            Assert.That(real, Has.Count.EqualTo(fields.Length), $"{abiStruct.CName} field count");
            for (int i = 0; i < fields.Length; i++)
            {
                Assert.That(real[i].Offset, Is.EqualTo((int)Marshal.OffsetOf(type, fields[i].Name)),
                    $"{abiStruct.CName}.{real[i].Name} offset");
            }
            // Each field (padding included) starts where the previous one ends or at its natural alignment.
            int end = 0;
            foreach (AbiField field in abiStruct.Fields)
            {
                Assert.That(field.Offset, Is.GreaterThanOrEqualTo(end).And.LessThan(end + field.Type.Alignment), $"{abiStruct.CName}.{field.Name} placement");
                end = field.Offset + field.Type.Size * (field.ArrayLength ?? 1);
            }
            Assert.That(abiStruct.Size - end, Is.LessThan(abiStruct.Alignment), $"{abiStruct.CName} tail");
            compared++;
        }
        return compared;
    }
}
