using System;
using System.Collections.Generic;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>C# names to C names, and the identifiers no output may use.</summary>
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

    /// <summary>A section title from a class name: <c>TimeSync</c> to <c>Time sync</c>, <c>TSCClock</c> to <c>TSC clock</c>.</summary>
    public static string ToTitle(string name)
    {
        string[] words = SplitWords(name).Split('_', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 1; i < words.Length; i++)
        {
            // Acronyms keep their capitals; ordinary words read as prose.
            if (words[i].Length < 2 || words[i].ToUpperInvariant() != words[i])
                words[i] = words[i].ToLowerInvariant();
        }
        return string.Join(' ', words);
    }

    /// <summary><c>StructSize</c> to <c>struct_size</c>.</summary>
    public static string ToSnakeCase(string name) => SplitWords(name).ToLowerInvariant();

    /// <summary><c>EInvalidArgument</c> to <c>E_INVALID_ARGUMENT</c>.</summary>
    public static string ToUpperSnakeCase(string name) => SplitWords(name).ToUpperInvariant();

    /// <summary>True for a plain C identifier that is not a keyword of C, C++, Python or Cython.</summary>
    public static bool IsUsableIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
            return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        }
        return !s_reserved.Contains(name);
    }

    // A parameter or field name appears verbatim in the header (C11 and C++17) and the .pxd (Cython),
    // so it must be an identifier in all of them.
    private static readonly HashSet<string> s_reserved = new()
    {
        // C11
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
        "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
        "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
        "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
        "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
        // C++17
        "alignas", "alignof", "and", "and_eq", "asm", "bitand", "bitor", "bool", "catch", "char16_t",
        "char32_t", "class", "compl", "constexpr", "const_cast", "decltype", "delete", "dynamic_cast",
        "explicit", "export", "false", "friend", "mutable", "namespace", "new", "noexcept", "not",
        "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public",
        "reinterpret_cast", "static_assert", "static_cast", "template", "this", "thread_local", "throw",
        "true", "try", "typeid", "typename", "using", "virtual", "wchar_t", "xor", "xor_eq",
        // Python 3
        "False", "None", "True", "as", "assert", "async", "await", "def", "del", "elif", "except",
        "finally", "from", "global", "import", "in", "is", "lambda", "nonlocal", "pass", "raise", "with",
        "yield",
        // Cython
        "api", "by", "cdef", "cimport", "cpdef", "ctypedef", "DEF", "ELIF", "ELSE", "exec", "fused",
        "gil", "IF", "include", "nogil", "NULL", "print", "readonly",
    };
}
