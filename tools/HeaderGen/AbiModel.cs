using System.Collections.Generic;

namespace VeloZ.HeaderGen;

// The C ABI as read from the Interop assembly: everything the three writers need, already named and
// laid out the C way, so the writers only spell it. Records are immutable and lists keep the order
// the outputs use, which is what makes regeneration byte-stable.

/// <summary>The whole ABI surface, in output order within each kind.</summary>
internal sealed record AbiModel(
    IReadOnlyList<AbiConstant> Constants,
    IReadOnlyList<AbiEnum> Enums,
    IReadOnlyList<AbiOpaque> Opaques,
    IReadOnlyList<AbiStruct> Structs,
    IReadOnlyList<AbiFunction> Functions);

/// <summary>A <c>#define</c> from a <c>[CConstants]</c> class.</summary>
/// <param name="Value">A boxed integer, floating-point or string constant.</param>
internal sealed record AbiConstant(string Name, object Value, string Doc);

/// <summary>A <c>[CType]</c> enum: <c>typedef &lt;underlying&gt; name;</c> plus named constants.</summary>
internal sealed record AbiEnum(string CName, PrimitiveCType Underlying, string Doc, IReadOnlyList<AbiEnumMember> Members);

/// <summary>One named value of an enum, already prefixed (<c>VELOZ_E_NOT_FOUND</c>).</summary>
internal sealed record AbiEnumMember(string Name, long Value, string Doc);

/// <summary>An opaque handle type: <c>typedef struct name name;</c>.</summary>
internal sealed record AbiOpaque(string CName, string Doc);

/// <summary>A value struct with its layout computed the way C# (sequential, natural alignment) lays it out.</summary>
internal sealed record AbiStruct(string CName, string Doc, int Size, int Alignment, IReadOnlyList<AbiField> Fields);

/// <summary>
/// One field; <paramref name="ArrayLength"/> is set for a C# <c>fixed</c> buffer (<c>uint8_t name[16]</c>).
/// <paramref name="IsPadding"/> marks a byte array the generator adds where C# leaves a gap C would not
/// (explicit offsets, <c>StructLayout.Size</c>); it has no C# field.
/// </summary>
internal sealed record AbiField(string Name, CType Type, int? ArrayLength, int Offset, string Doc, bool IsPadding = false);

/// <summary>An exported function.</summary>
internal sealed record AbiFunction(
    string Name,
    CType ReturnType,
    IReadOnlyList<AbiParameter> Parameters,
    string ThreadContract,
    string Doc,
    string Component);

/// <summary>A function parameter; the name is copied from C# as written.</summary>
internal sealed record AbiParameter(string Name, CType Type);
