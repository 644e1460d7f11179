using System;

namespace VeloZ.Interop;

// Attributes that the header generator (tools/HeaderGen) reads from the compiled Interop assembly.
// They carry only what reflection cannot see: the C spelling of a type and the contract of an export.

/// <summary>
/// Names the C typedef of a blittable struct, enum or opaque handle type. On a type of this assembly it is
/// written on the type; a Core type that crosses the ABI as it is (Core knows nothing of C) is named by an
/// assembly-level <c>[assembly: CType(typeof(VeloZ.Book.Side), "veloz_side", ConstantPrefix = "VELOZ_SIDE_")]</c>
/// in src/Interop, so its layout, members and doc comments are declared once, in Core.
/// </summary>
[AttributeUsage(AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class CTypeAttribute : Attribute
{
    /// <summary>The C name, for example <c>veloz_clock_info</c>.</summary>
    public string Name { get; }

    /// <summary>On the assembly: the Core type this C name stands for; null on a type of this assembly.</summary>
    public Type? Type { get; }

    /// <summary>For an enum: the prefix of its C constants, for example <c>VELOZ_CLOCK_SOURCE_</c>.</summary>
    public string? ConstantPrefix { get; init; }

    /// <summary>For an empty struct: it is an opaque handle type (<c>typedef struct x x;</c>).</summary>
    public bool Opaque { get; init; }

    /// <summary>Names the type it is written on.</summary>
    public CTypeAttribute(string name) => Name = name;

    /// <summary>Names <paramref name="type"/>, a type of another assembly (Core), from an assembly-level attribute.</summary>
    public CTypeAttribute(Type type, string name)
    {
        Type = type;
        Name = name;
    }
}

/// <summary>
/// The one-line thread contract of an export (docs/DESIGN.md rule 8): <c>thread-safe</c>, <c>single writer</c>,
/// <c>any thread, wait-free</c> or <c>owner thread only</c>. The generator writes it into the header.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ThreadContractAttribute : Attribute
{
    /// <summary>The contract text.</summary>
    public string Contract { get; }

    /// <summary>Creates the attribute.</summary>
    public ThreadContractAttribute(string contract) => Contract = contract;
}

/// <summary>Marks a pointer parameter as <c>const</c> in C (input arrays and configs).</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class ConstAttribute : Attribute
{
}

/// <summary>Marks a static class whose <c>public const</c> fields become <c>#define</c>s in the header.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CConstantsAttribute : Attribute
{
}

/// <summary>
/// Overrides the C spelling of a parameter or return value whose C# type cannot say it, for example a
/// <c>byte*</c> that is a NUL-terminated string: <c>[return: CSpelling("const char*")]</c>. The spelling
/// must have the same pointer depth as the C# type; the generator supports <c>char</c> and the
/// fixed-width types as its base.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Field, Inherited = false)]
public sealed class CSpellingAttribute : Attribute
{
    /// <summary>The C type, for example <c>const char*</c>.</summary>
    public string Spelling { get; }

    /// <summary>Creates the attribute.</summary>
    public CSpellingAttribute(string spelling) => Spelling = spelling;
}
