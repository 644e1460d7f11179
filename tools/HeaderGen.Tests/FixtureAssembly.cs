using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

/// <summary>
/// Compiles a small export assembly (with its XML doc file) for the generator to read, so each test
/// controls exactly which exports, types and mistakes the generator sees. The ABI attributes and the
/// Status enum are compiled from the repository's own sources, so fixtures use the real ones.
/// </summary>
internal static class FixtureAssembly
{
    private static readonly Lazy<List<MetadataReference>> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    /// <summary>The repository root (the folder holding VeloZ.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            string? directory = TestContext.CurrentContext.TestDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "VeloZ.sln")))
                directory = Path.GetDirectoryName(directory);
            return directory ?? throw new InvalidOperationException("VeloZ.sln not found above the test directory");
        }
    }

    /// <summary>This run's scratch root, deleted by <see cref="ScratchCleanup"/> when the run ends.</summary>
    public static readonly string ScratchRoot =
        Path.Combine(Path.GetTempPath(), "veloz-headergen-tests", Guid.NewGuid().ToString("N"));

    /// <summary>A fresh empty directory under <see cref="ScratchRoot"/>.</summary>
    public static string NewDirectory()
    {
        string directory = Path.Combine(ScratchRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Compiles <paramref name="source"/> with the ABI attributes into <paramref name="directory"/> (a new one if
    /// null), referencing <paramref name="references"/> (other fixtures' .dll paths); returns the .dll path.
    /// </summary>
    public static string Compile(string source, string name = "VeloZ.Fixture", string? directory = null, params string[] references)
    {
        string common = Path.Combine(RepositoryRoot, "src", "Interop", "Common");
        var trees = new[]
        {
            Parse(File.ReadAllText(Path.Combine(common, "Abi.cs")), "Abi.cs"),
            Parse(File.ReadAllText(Path.Combine(common, "Status.cs")), "Status.cs"),
            Parse(source, "Fixture.cs"),
        };
        return Emit(name, trees, directory ?? NewDirectory(), references);
    }

    /// <summary>
    /// Compiles <paramref name="source"/> alone, without the ABI attributes (like Core, which knows nothing of C),
    /// with its XML doc file, into <paramref name="directory"/>; returns the .dll path.
    /// </summary>
    public static string CompilePlain(string source, string name, string directory) =>
        Emit(name, new[] { Parse(source, name + ".cs") }, directory, Array.Empty<string>());

    private static SyntaxTree Parse(string text, string path) =>
        CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose), path);

    private static string Emit(string name, SyntaxTree[] trees, string directory, string[] references)
    {
        var compilation = CSharpCompilation.Create(
            name,
            trees,
            s_references.Value.Concat(references.Select(r => (MetadataReference)MetadataReference.CreateFromFile(r))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        string dll = Path.Combine(directory, name + ".dll");
        using (FileStream pe = File.Create(dll))
        using (FileStream xml = File.Create(Path.ChangeExtension(dll, ".xml")))
        {
            var result = compilation.Emit(pe, xmlDocumentationStream: xml);
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (!result.Success)
                Assert.Fail("fixture does not compile:\n" + string.Join("\n", errors));
        }
        return dll;
    }
}
