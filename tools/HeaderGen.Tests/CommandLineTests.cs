using System;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace VeloZ.HeaderGen.Tests;

/// <summary>The CLI contract the build relies on: what is written, exit codes 0/1/2, --check and --symbols.</summary>
[NonParallelizable]
public class CommandLineTests
{
    private static string s_fixture = string.Empty;

    [OneTimeSetUp]
    public void Compile() => s_fixture = FixtureAssembly.Compile(GoodFixture.Source);

    private static (int ExitCode, string Output) Run(params string[] args)
    {
        TextWriter stdout = Console.Out, stderr = Console.Error;
        var output = new StringWriter();
        Console.SetOut(output);
        Console.SetError(output);
        try
        {
            return (Program.Main(args), output.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    [Test]
    public void Generate_writes_the_three_outputs_and_check_then_passes()
    {
        string root = FixtureAssembly.NewDirectory();
        Assert.That(Run("--interop", s_fixture, "--root", root).ExitCode, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(root, Program.HeaderPath)), Is.True);
        Assert.That(File.Exists(Path.Combine(root, Program.CtypesPath)), Is.True);
        Assert.That(File.Exists(Path.Combine(root, Program.PxdPath)), Is.True);
        (int exitCode, string output) = Run("--interop", s_fixture, "--root", root, "--check");
        Assert.That(exitCode, Is.EqualTo(0), output);
    }

    [Test]
    public void Check_reports_a_stale_file_with_a_diff_and_the_command_and_writes_nothing()
    {
        string root = FixtureAssembly.NewDirectory();
        Run("--interop", s_fixture, "--root", root);
        string header = Path.Combine(root, Program.HeaderPath);
        string stale = File.ReadAllText(header).Replace("VELOZ_FIXTURE_MODE_FAST_PATH = 1", "VELOZ_FIXTURE_MODE_FAST_PATH = 9");
        File.WriteAllText(header, stale);
        File.Delete(Path.Combine(root, Program.PxdPath));

        (int exitCode, string output) = Run("--interop", s_fixture, "--root", root, "--check");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("-    VELOZ_FIXTURE_MODE_FAST_PATH = 9,").And.Contain("+    VELOZ_FIXTURE_MODE_FAST_PATH = 1,"));
        Assert.That(output, Does.Contain("capi.pxd is missing"));
        Assert.That(output, Does.Contain($"dotnet run --project tools/HeaderGen -c Release -- --interop {s_fixture} --root {root}"));
        Assert.That(File.ReadAllText(header), Is.EqualTo(stale));
        Assert.That(File.Exists(Path.Combine(root, Program.PxdPath)), Is.False);
    }

    [Test]
    public void Usage_errors_and_unreadable_inputs_exit_with_2()
    {
        string root = FixtureAssembly.NewDirectory();
        Assert.That(Run("--root", root).ExitCode, Is.EqualTo(2));
        Assert.That(Run("--interop", s_fixture, "--root", root, "--bogus").ExitCode, Is.EqualTo(2));
        Assert.That(Run("--interop", Path.Combine(root, "missing.dll"), "--root", root).ExitCode, Is.EqualTo(2));
        File.WriteAllText(Path.Combine(root, "garbage.dll"), "not an assembly");
        File.WriteAllText(Path.Combine(root, "garbage.xml"), "<doc/>");
        Assert.That(Run("--interop", Path.Combine(root, "garbage.dll"), "--root", root).ExitCode, Is.EqualTo(2));
    }

    [Test]
    public void Symbol_check_passes_when_library_and_header_agree_and_fails_naming_each_difference()
    {
        string root = FixtureAssembly.NewDirectory();
        Run("--interop", s_fixture, "--root", root);
        string[] declared = SymbolCheck.DeclaredFunctions(File.ReadAllText(Path.Combine(root, Program.HeaderPath))).ToArray();
        Assert.That(declared, Has.Length.EqualTo(12).And.Contain("veloz_fixture_create").And.Contain("veloz_fixture_ticks"));

        string same = BuildLibrary(root, "libsame.so", declared);
        (int exitCode, string output) = Run("--root", root, "--symbols", same);
        Assert.That(exitCode, Is.EqualTo(0), output);

        string[] different = declared.Where(n => n != "veloz_fixture_sum").Append("veloz_fixture_secret").ToArray();
        string other = BuildLibrary(root, "libother.so", different);
        (exitCode, output) = Run("--interop", s_fixture, "--root", root, "--symbols", other);
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("veloz_fixture_sum is declared in").And.Contain("veloz_fixture_secret is exported by"));
    }

    // A shared library exporting the given names with a symbol version, as the Native AOT build does.
    private static string BuildLibrary(string directory, string name, string[] functions)
    {
        string source = Path.Combine(directory, name + ".c");
        File.WriteAllText(source, string.Concat(functions.Select(f => $"void {f}(void);\nvoid {f}(void) {{}}\n")));
        File.WriteAllText(Path.Combine(directory, "exports.map"), "V1.0 { global: veloz_*; local: *; };\n");
        string library = Path.Combine(directory, name);
        (int exitCode, string output) = ExternalTool.Run("gcc", directory,
            "-shared", "-fPIC", "-Wl,--version-script=exports.map", "-o", library, source);
        Assert.That(exitCode, Is.EqualTo(0), output);
        return library;
    }
}
