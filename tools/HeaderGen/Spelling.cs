namespace VeloZ.HeaderGen;

/// <summary>How a <see cref="CType"/> is written in C (and Cython, which uses the same spelling) and in ctypes.</summary>
internal static class Spelling
{
    /// <summary>C spelling: <c>const veloz_histogram_config*</c>, <c>veloz_histogram**</c>.</summary>
    public static string C(CType type) => type switch
    {
        PrimitiveCType primitive => primitive.CName,
        NamedCType named => named.CName,
        PointerCType { Pointee: PointerCType } pointer => C(pointer.Pointee) + (pointer.PointeeConst ? " const*" : "*"),
        PointerCType pointer => (pointer.PointeeConst ? "const " : "") + C(pointer.Pointee) + "*",
        _ => throw new GeneratorException($"unknown type {type}"),
    };

    /// <summary>A declaration of <paramref name="name"/>: <c>const int64_t* values</c>.</summary>
    public static string CDeclaration(CType type, string name) => C(type) + " " + name;

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
        _ => throw new GeneratorException($"unknown type {type}"),
    };
}
