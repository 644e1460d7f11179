using System.Text;

namespace VeloZ.Interop;

/// <summary>
/// The one rule that turns C# names into C names. The header generator compiles this file too
/// (tools/HeaderGen/HeaderGen.csproj links it), so a struct field <c>ExpectedOrders</c> in the header and a Core
/// setting <c>ExpectedOrders</c> in a message are both <c>expected_orders</c>.
/// </summary>
internal static class Naming
{
    /// <summary>
    /// Splits a PascalCase name into words joined by underscores: <c>EInvalidArgument</c> becomes
    /// <c>E_Invalid_Argument</c>, <c>TSCClock</c> becomes <c>TSC_Clock</c>, <c>L2Book</c> becomes <c>L2_Book</c>.
    /// </summary>
    public static string SplitWords(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (i > 0 && char.IsUpper(c) && name[i - 1] != '_')
            {
                char previous = name[i - 1];
                bool afterLowerOrDigit = char.IsLower(previous) || char.IsDigit(previous);
                // The last capital of an acronym starts the next word: "TSCClock" -> "TSC_Clock".
                bool endsAcronym = char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (afterLowerOrDigit || endsAcronym)
                    result.Append('_');
            }
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary><c>StructSize</c> to <c>struct_size</c>.</summary>
    public static string ToSnakeCase(string name) => SplitWords(name).ToLowerInvariant();
}
