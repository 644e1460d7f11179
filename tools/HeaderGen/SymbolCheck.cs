using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace VeloZ.HeaderGen;

/// <summary>
/// Compares the functions declared in veloz.h with the symbols libveloz.so exports (<c>nm -D
/// --defined-only</c>): a declaration without a symbol fails at link time for users, a symbol
/// without a declaration is an undocumented ABI. Either way the check fails.
/// </summary>
internal static partial class SymbolCheck
{
    // Symbols the .NET runtime itself exports from every Native AOT shared library; not part of the VeloZ ABI.
    private static readonly HashSet<string> s_runtimeSymbols = new(StringComparer.Ordinal)
    {
        "DotNetRuntimeDebugHeader",
    };

    /// <summary>Function names declared in a header written by <see cref="CHeaderWriter"/> (one declaration per line).</summary>
    public static SortedSet<string> DeclaredFunctions(string header)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in header.Split('\n'))
        {
            Match match = DeclarationPattern().Match(line);
            if (match.Success)
                names.Add(match.Groups[1].Value);
        }
        return names;
    }

    /// <summary>Defined dynamic symbols of <paramref name="library"/>, version suffixes (<c>@@VELOZ_0</c>) stripped.</summary>
    public static SortedSet<string> ExportedSymbols(string library)
    {
        if (!File.Exists(library))
            throw new GeneratorException($"library not found: {library} (run `dotnet publish src/Interop -c Release`)");
        var start = new ProcessStartInfo("nm", new[] { "-D", "--defined-only", library })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start) ?? throw new GeneratorException("cannot start nm");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new GeneratorException($"nm -D --defined-only {library} failed: {error.Trim()}");
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n'))
        {
            // "0000000000123450 T veloz_version" (address, type, name).
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3)
                continue;
            // Type A entries are symbol-version definitions (the "VELOZ_0" node), not symbols.
            if (parts[1] == "A")
                continue;
            string name = parts[2];
            int at = name.IndexOf('@');
            if (at >= 0)
                name = name[..at];
            if (!s_runtimeSymbols.Contains(name))
                symbols.Add(name);
        }
        return symbols;
    }

    /// <summary>Prints the differences and returns true if the two sets are equal.</summary>
    public static bool Compare(SortedSet<string> declared, SortedSet<string> exported, string headerPath, string libraryPath, TextWriter report)
    {
        List<string> notExported = declared.Where(d => !exported.Contains(d)).ToList();
        List<string> notDeclared = exported.Where(e => !declared.Contains(e)).ToList();
        foreach (string name in notExported)
            report.WriteLine($"symbol check: {name} is declared in {headerPath} but not exported by {libraryPath}");
        foreach (string name in notDeclared)
            report.WriteLine($"symbol check: {name} is exported by {libraryPath} but not declared in {headerPath}");
        if (notExported.Count == 0 && notDeclared.Count == 0)
        {
            report.WriteLine($"symbol check: {declared.Count} functions declared, {exported.Count} exported, identical");
            return true;
        }
        return false;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_ \*]*?\b(veloz_[a-z0-9_]+)\(.*\);$")]
    private static partial Regex DeclarationPattern();
}
