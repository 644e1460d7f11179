using System;

namespace VeloZ.HeaderGen;

/// <summary>
/// Parses the small C type grammar of <c>[CSpelling]</c>: an optional <c>const</c>, a base type
/// (<c>char</c>, <c>void</c>, a stdint type, <c>float</c>, <c>double</c> or a header-defined name) and
/// stars. <c>const</c> qualifies the base type, as in <c>const char*</c>.
/// </summary>
internal static class CSpellingParser
{
    public static CType Parse(string spelling, Func<string, NamedCType?> lookup, string where)
    {
        string text = spelling.Trim();
        bool isConst = false;
        if (text.StartsWith("const ", StringComparison.Ordinal))
        {
            isConst = true;
            text = text["const ".Length..].TrimStart();
        }
        int stars = 0;
        while (text.EndsWith('*'))
        {
            stars++;
            text = text[..^1].TrimEnd();
        }
        CType type = text switch
        {
            "char" => PrimitiveCType.Char,
            "void" => PrimitiveCType.Void,
            "uint8_t" => PrimitiveCType.UInt8,
            "int8_t" => PrimitiveCType.Int8,
            "int16_t" => PrimitiveCType.Int16,
            "uint16_t" => PrimitiveCType.UInt16,
            "int32_t" => PrimitiveCType.Int32,
            "uint32_t" => PrimitiveCType.UInt32,
            "int64_t" => PrimitiveCType.Int64,
            "uint64_t" => PrimitiveCType.UInt64,
            "float" => PrimitiveCType.Float,
            "double" => PrimitiveCType.Double,
            "intptr_t" => PrimitiveCType.IntPtr,
            "uintptr_t" => PrimitiveCType.UIntPtr,
            _ => (CType?)lookup(text) ?? throw new GeneratorException($"{where}: [CSpelling(\"{spelling}\")]: unknown base type `{text}`"),
        };
        if (isConst && stars == 0)
            throw new GeneratorException($"{where}: [CSpelling(\"{spelling}\")]: const is only meaningful behind a pointer");
        for (int i = 0; i < stars; i++)
            type = new PointerCType(type, PointeeConst: i == 0 && isConst);
        return type;
    }
}
