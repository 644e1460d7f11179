using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace VeloZ.HeaderGen;

/// <summary>
/// Entry point: reads the Interop assembly and writes (or, with --check, compares) include/veloz.h,
/// bindings/python/veloz/_capi.py and bindings/python/veloz/capi.pxd; with --symbols also compares
/// the header with the library's exported symbols. Exit codes: 0 ok, 1 differences, 2 usage or other error.
/// </summary>
internal static class Program
{
    private const int ExitOk = 0;
    private const int ExitDifferent = 1;
    private const int ExitError = 2;

    private const string Usage = """
        usage: HeaderGen --interop <VeloZ.Interop.dll> --root <repository root> [--check] [--symbols <libveloz.so>]

          --interop   the Interop assembly built by `dotnet build src/Interop -c Release`
                      (its VeloZ.Interop.xml doc file must sit beside it, and VeloZ.Core.dll with
                      VeloZ.Core.xml, whose types it names in C)
          --root      the repository root; outputs are include/veloz.h, bindings/python/veloz/_capi.py,
                      bindings/python/veloz/capi.pxd
          --check     write nothing; exit 1 and show a diff if a committed output differs
          --symbols   also compare the header's functions with the library's exported symbols (nm -D);
                      may be used without --interop to check the committed header only

        exit codes: 0 ok, 1 differences, 2 usage or other error

        """;

    /// <summary>The outputs, relative to the repository root.</summary>
    public static readonly string HeaderPath = Path.Combine("include", "veloz.h");
    public static readonly string CtypesPath = Path.Combine("bindings", "python", "veloz", "_capi.py");
    public static readonly string PxdPath = Path.Combine("bindings", "python", "veloz", "capi.pxd");

    public static int Main(string[] args)
    {
        string? interop = null, root = null, symbols = null;
        bool check = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--interop" when i + 1 < args.Length:
                    interop = args[++i];
                    break;
                case "--root" when i + 1 < args.Length:
                    root = args[++i];
                    break;
                case "--symbols" when i + 1 < args.Length:
                    symbols = args[++i];
                    break;
                case "--check":
                    check = true;
                    break;
                case "-h":
                case "--help":
                    Console.Out.Write(Usage);
                    return ExitOk;
                default:
                    Console.Error.WriteLine($"HeaderGen: unexpected argument `{args[i]}`");
                    Console.Error.Write(Usage);
                    return ExitError;
            }
        }
        if (root is null || (interop is null && symbols is null))
        {
            Console.Error.WriteLine("HeaderGen: --root and --interop are required (or --root and --symbols for a symbol check alone)");
            Console.Error.Write(Usage);
            return ExitError;
        }
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"HeaderGen: --root {root} is not a directory");
            return ExitError;
        }

        try
        {
            int result = ExitOk;
            if (interop is not null)
                result = Generate(interop, root, check, args);
            if (symbols is not null && result != ExitError)
            {
                string headerPath = Path.Combine(root, HeaderPath);
                if (!File.Exists(headerPath))
                    throw new GeneratorException($"{headerPath} does not exist; generate it first");
                bool same = SymbolCheck.Compare(
                    SymbolCheck.DeclaredFunctions(File.ReadAllText(headerPath)),
                    SymbolCheck.ExportedSymbols(symbols),
                    HeaderPath,
                    symbols,
                    Console.Out);
                if (!same)
                    result = ExitDifferent;
            }
            return result;
        }
        catch (GeneratorException e)
        {
            Console.Error.WriteLine($"HeaderGen: error: {e.Message}");
            return ExitError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or FileLoadException)
        {
            Console.Error.WriteLine($"HeaderGen: error: {e.GetType().Name}: {e.Message}");
            return ExitError;
        }
        catch (Exception e)
        {
            // A generator bug: still exit 2 (not a crash code the build might misread), with the stack to fix it.
            Console.Error.WriteLine($"HeaderGen: internal error: {e}");
            return ExitError;
        }
    }

    private static int Generate(string interop, string root, bool check, string[] args)
    {
        AbiModel model = AbiReader.Read(interop, out IReadOnlyList<string> warnings);
        foreach (string warning in warnings)
            Console.Error.WriteLine($"HeaderGen: warning: {warning}");

        var outputs = new List<(string Path, string Text)>
        {
            (HeaderPath, CHeaderWriter.Write(model)),
            (CtypesPath, PythonCtypesWriter.Write(model)),
            (PxdPath, CythonPxdWriter.Write(model)),
        };
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        if (!check)
        {
            foreach ((string path, string text) in outputs)
            {
                string full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                // Rewrite only on change, so make-style tools see an unchanged timestamp.
                if (!File.Exists(full) || File.ReadAllText(full, utf8) != text)
                {
                    File.WriteAllText(full, text, utf8);
                    Console.Out.WriteLine($"HeaderGen: wrote {path}");
                }
                else
                {
                    Console.Out.WriteLine($"HeaderGen: {path} is up to date");
                }
            }
            Console.Out.WriteLine($"HeaderGen: {model.Functions.Count} functions, {model.Structs.Count} structs, {model.Enums.Count} enums, {model.Opaques.Count} opaque types, {model.Constants.Count} constants");
            return ExitOk;
        }

        int differing = 0;
        foreach ((string path, string text) in outputs)
        {
            string full = Path.Combine(root, path);
            string committed = File.Exists(full) ? File.ReadAllText(full, utf8) : string.Empty;
            if (committed == text)
            {
                Console.Out.WriteLine($"HeaderGen: {path} is up to date");
                continue;
            }
            differing++;
            Console.Out.WriteLine(File.Exists(full)
                ? $"HeaderGen: {path} differs from what the exports generate:"
                : $"HeaderGen: {path} is missing");
            Console.Out.Write(TextDiff.Unified(committed, text, maxLines: 40));
        }
        if (differing == 0)
            return ExitOk;
        Console.Out.WriteLine($"HeaderGen: {differing} generated file(s) are stale. Regenerate with:");
        var command = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--check")
                continue;
            if (args[i] == "--symbols")
            {
                i++;
                continue;
            }
            command.Add(args[i].Contains(' ') ? $"\"{args[i]}\"" : args[i]);
        }
        Console.Out.WriteLine($"  dotnet run --project tools/HeaderGen -c Release -- {string.Join(' ', command)}");
        return ExitDifferent;
    }
}
