using System;
using System.Linq;
using System.Globalization;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>How a <c>[CConstants]</c> value is written in C, Python and Cython.</summary>
internal static class ConstantSpelling
{
    /// <summary>An enum member's value boxed as its underlying type, so it is spelled with the right width.</summary>
    public static object EnumValue(AbiEnum abiEnum, AbiEnumMember member) => abiEnum.Underlying.CName switch
    {
        "uint64_t" => unchecked((ulong)member.Value),
        "int64_t" => member.Value,
        "uint32_t" => (uint)member.Value,
        _ => (int)member.Value,
    };

    /// <summary>True if every member fits a C <c>int</c>, the only type an enumeration constant may have in C11.</summary>
    public static bool FitsCEnum(AbiEnum abiEnum) =>
        abiEnum.Members.All(m => abiEnum.Underlying.CName != "uint64_t" ? m.Value is >= int.MinValue and <= int.MaxValue : m.Value is >= 0 and <= int.MaxValue);

    public static string C(object value) => value switch
    {
        int v => v < 0 ? $"({v.ToString(CultureInfo.InvariantCulture)})" : v.ToString(CultureInfo.InvariantCulture),
        uint v => v.ToString(CultureInfo.InvariantCulture) + "u",
        long v => $"INT64_C({v.ToString(CultureInfo.InvariantCulture)})",
        ulong v => $"UINT64_C({v.ToString(CultureInfo.InvariantCulture)})",
        short or sbyte or byte or ushort => Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        double v => FloatingPoint(v),
        float v => FloatingPoint(v) + "f",
        string v => Quoted(v),
        _ => throw new GeneratorException($"constant of type {value.GetType().Name} has no C spelling"),
    };

    public static string Python(object value) => value switch
    {
        double v => FloatingPoint(v),
        float v => FloatingPoint(v),
        string v => Quoted(v),
        ulong v => v.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The Cython declaration of a constant inside <c>cdef extern</c>; null for the ones that go in an anonymous <c>enum:</c> block.</summary>
    public static string? CythonDeclaration(string name, object value) => value switch
    {
        int or short or sbyte or byte or ushort => null,
        uint => $"const uint32_t {name}",
        long => $"const int64_t {name}",
        ulong => $"const uint64_t {name}",
        double => $"const double {name}",
        float => $"const float {name}",
        string => $"const char* {name}",
        _ => throw new GeneratorException($"constant of type {value.GetType().Name} has no Cython spelling"),
    };

    private static string FloatingPoint(double value)
    {
        if (!double.IsFinite(value))
            throw new GeneratorException($"constant {value} is not finite and has no portable C spelling");
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text.Replace('E', 'e') : text + ".0";
    }

    // ASCII with C escapes: valid in C, C++ and Python alike.
    private static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            text.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                < 0x20 or >= 0x7F => $"\\{Convert.ToString(b, 8).PadLeft(3, '0')}",
                _ => ((char)b).ToString(),
            });
        }
        return text.Append('"').ToString();
    }
}
