using System;
using System.Collections.Generic;

namespace VeloZ.HeaderGen;

/// <summary>C# names to C names, and the identifiers no output may use.</summary>
internal static class Naming
{
    /// <summary>The C# to C word split, shared with src/Interop (the file is linked into this project).</summary>
    public static string SplitWords(string name) => VeloZ.Interop.Naming.SplitWords(name);

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
    public static string ToSnakeCase(string name) => VeloZ.Interop.Naming.ToSnakeCase(name);

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
