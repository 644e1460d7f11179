using System.Linq;

namespace VeloZ.HeaderGen;

/// <summary>How a <see cref="CType"/> is written in C (and Cython, which uses the same spelling) and in ctypes.</summary>
internal static class Spelling
{
    /// <summary>C spelling: <c>const veloz_histogram_config*</c>, <c>veloz_histogram**</c>, <c>void (*)(void*, int32_t)</c>.</summary>
    public static string C(CType type) => ContainsFunctionPointer(type) ? Declarator(type, string.Empty) : Simple(type);

    /// <summary>A declaration of <paramref name="name"/>: <c>const int64_t* values</c>, <c>void (*on_event)(void*, int32_t)</c>.</summary>
    public static string CDeclaration(CType type, string name) =>
        ContainsFunctionPointer(type) ? Declarator(type, name) : Simple(type) + " " + name;

    // The usual spelling, with the star on the type: valid whenever no function pointer is involved.
    private static string Simple(CType type) => type switch
    {
        PrimitiveCType primitive => primitive.CName,
        NamedCType named => named.CName,
        PointerCType { Pointee: PointerCType } pointer => Simple(pointer.Pointee) + (pointer.PointeeConst ? " const*" : "*"),
        PointerCType pointer => (pointer.PointeeConst ? "const " : "") + Simple(pointer.Pointee) + "*",
        _ => throw new GeneratorException($"unknown type {type}"),
    };

    // C's inside-out declarator syntax, needed once a function pointer appears: R (*name)(P1, P2).
    private static string Declarator(CType type, string declarator) => type switch
    {
        FunctionPointerCType function => C(function.ReturnType) + " (*" + declarator + ")(" +
            (function.Parameters.Count == 0 ? "void" : string.Join(", ", function.Parameters.Select(C))) + ")",
        PointerCType { Pointee: FunctionPointerCType } pointer => Declarator(pointer.Pointee, "*" + (pointer.PointeeConst ? "const " : "") + declarator),
        PointerCType pointer => Declarator(pointer.Pointee, "*" + declarator),
        _ => (Simple(type) + " " + declarator).TrimEnd(),
    };

    private static bool ContainsFunctionPointer(CType type) => type switch
    {
        FunctionPointerCType => true,
        PointerCType pointer => ContainsFunctionPointer(pointer.Pointee),
        _ => false,
    };

    /// <summary>
    /// ctypes spelling. Opaque handles and <c>void*</c> are <c>ctypes.c_void_p</c>; <c>const char*</c> is
    /// <c>ctypes.c_char_p</c> (bytes in, bytes out); a writable <c>char*</c> is <c>POINTER(c_char)</c> so a
    /// <c>ctypes.create_string_buffer</c> fits it and immutable bytes do not.
    /// </summary>
    public static string Ctypes(CType type) => type switch
    {
        PrimitiveCType primitive => primitive.Ctypes,
        NamedCType named => named.CName,
        PointerCType { Pointee: PrimitiveCType { ByteSize: 0 } } => "ctypes.c_void_p",
        PointerCType { Pointee: NamedCType { Kind: NamedKind.Opaque } } => "ctypes.c_void_p",
        PointerCType { Pointee: PrimitiveCType { CName: "char" }, PointeeConst: true } => "ctypes.c_char_p",
        PointerCType pointer => $"ctypes.POINTER({Ctypes(pointer.Pointee)})",
        FunctionPointerCType function => $"ctypes.CFUNCTYPE({string.Join(", ", new[] { function.ReturnType }.Concat(function.Parameters).Select(Ctypes))})",
        _ => throw new GeneratorException($"unknown type {type}"),
    };
}
