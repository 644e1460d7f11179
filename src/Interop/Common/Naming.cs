using System.Text;

namespace VeloZ.Interop;

/// <summary>
/// C spellings of C# names in messages, by the rule the header generator (tools/HeaderGen/Naming.cs) applies to
/// struct fields, so a Core setting named <c>ExpectedOrders</c> is reported as <c>config->expected_orders</c>.
/// </summary>
internal static class Naming
{
    /// <summary><c>ExpectedOrders</c> to <c>expected_orders</c>, <c>TSCClock</c> to <c>tsc_clock</c>, <c>L2Book</c> to <c>l2_book</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (i > 0 && char.IsUpper(c) && name[i - 1] != '_')
            {
                char previous = name[i - 1];
                bool afterLowerOrDigit = char.IsLower(previous) || char.IsDigit(previous);
                bool endsAcronym = char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (afterLowerOrDigit || endsAcronym)
                    result.Append('_');
            }
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }
}
