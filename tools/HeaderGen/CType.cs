using System.Collections.Generic;

namespace VeloZ.HeaderGen;

// A C type as the writers need it: enough structure to spell it in C, ctypes and Cython, and to
// size it. Pointers carry constness of what they point to, which is all the ABI uses.

/// <summary>A C type used by a parameter, return value or field.</summary>
internal abstract record CType
{
    /// <summary>Size in bytes on x86-64 SysV (the only target: linux-x64).</summary>
    public abstract int Size { get; }

    /// <summary>Natural alignment in bytes.</summary>
    public abstract int Alignment { get; }
}

/// <summary>A built-in type: <c>void</c>, <c>char</c>, the stdint types, <c>float</c>, <c>double</c>.</summary>
/// <param name="CName">Spelling in C and Cython (<c>int64_t</c>).</param>
/// <param name="Ctypes">Spelling in Python ctypes (<c>ctypes.c_int64</c>, <c>None</c> for void).</param>
internal sealed record PrimitiveCType(string CName, string Ctypes, int ByteSize) : CType
{
    public override int Size => ByteSize;
    public override int Alignment => ByteSize == 0 ? 1 : ByteSize;

    public static readonly PrimitiveCType Void = new("void", "None", 0);
    public static readonly PrimitiveCType Char = new("char", "ctypes.c_char", 1);
    public static readonly PrimitiveCType UInt8 = new("uint8_t", "ctypes.c_uint8", 1);
    public static readonly PrimitiveCType Int8 = new("int8_t", "ctypes.c_int8", 1);
    public static readonly PrimitiveCType Int16 = new("int16_t", "ctypes.c_int16", 2);
    public static readonly PrimitiveCType UInt16 = new("uint16_t", "ctypes.c_uint16", 2);
    public static readonly PrimitiveCType Int32 = new("int32_t", "ctypes.c_int32", 4);
    public static readonly PrimitiveCType UInt32 = new("uint32_t", "ctypes.c_uint32", 4);
    public static readonly PrimitiveCType Int64 = new("int64_t", "ctypes.c_int64", 8);
    public static readonly PrimitiveCType UInt64 = new("uint64_t", "ctypes.c_uint64", 8);
    public static readonly PrimitiveCType Float = new("float", "ctypes.c_float", 4);
    public static readonly PrimitiveCType Double = new("double", "ctypes.c_double", 8);
    public static readonly PrimitiveCType IntPtr = new("intptr_t", "ctypes.c_ssize_t", 8);
    public static readonly PrimitiveCType UIntPtr = new("uintptr_t", "ctypes.c_size_t", 8);
}

/// <summary>What a named (<c>[CType]</c>) type is.</summary>
internal enum NamedKind
{
    Enum,
    Struct,
    Opaque,
}

/// <summary>A type the header itself defines: an enum typedef, a value struct or an opaque handle type.</summary>
/// <param name="Underlying">For an enum, its integer type; otherwise null.</param>
/// <param name="StructLayout">For a value struct, its layout (filled in once computed); otherwise null.</param>
internal sealed record NamedCType(string CName, NamedKind Kind, PrimitiveCType? Underlying, AbiStruct? StructLayout) : CType
{
    public override int Size => Kind switch
    {
        NamedKind.Enum => Underlying!.Size,
        NamedKind.Struct => StructLayout!.Size,
        _ => throw new GeneratorException($"{CName} is an opaque type: it has no size, use it only through a pointer"),
    };

    public override int Alignment => Kind switch
    {
        NamedKind.Enum => Underlying!.Alignment,
        NamedKind.Struct => StructLayout!.Alignment,
        _ => throw new GeneratorException($"{CName} is an opaque type: it has no alignment, use it only through a pointer"),
    };
}

/// <summary>A pointer; <paramref name="PointeeConst"/> makes what it points to <c>const</c>.</summary>
internal sealed record PointerCType(CType Pointee, bool PointeeConst) : CType
{
    public override int Size => 8;
    public override int Alignment => 8;
}

/// <summary>
/// A C function pointer, from a C# <c>delegate* unmanaged&lt;...&gt;</c> (DESIGN rule 9: a callback plus a
/// <c>void* context</c>). Like the C# type, it is itself the pointer.
/// </summary>
internal sealed record FunctionPointerCType(CType ReturnType, IReadOnlyList<CType> Parameters) : CType
{
    public override int Size => 8;
    public override int Alignment => 8;

    // Records compare lists by reference; two spellings of the same signature are the same type.
    public bool Equals(FunctionPointerCType? other) =>
        other is not null && ReturnType.Equals(other.ReturnType) && System.Linq.Enumerable.SequenceEqual(Parameters, other.Parameters);

    public override int GetHashCode() => ReturnType.GetHashCode() ^ Parameters.Count;
}
