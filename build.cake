// VeloZ build orchestration (Cake 7). Run: dotnet tool restore && dotnet cake --target=<Target>
//
// Targets: Bootstrap, Build, Native, Header, Generate, Test (default), Bench, Demo.
// Bench takes --bench-filter=<BenchmarkDotNet filter> (default *) and --bench-job=<job> (e.g. short).
// Every external step runs through RunChecked, which fails the run on a non-zero exit code; the test
// suites run one after another (a failing suite does not hide the others), and Test fails at the end
// if any of them failed. The last line of a Test run is "tests: N passed, N failed".

using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;

var target = Argument("target", "Test");
// Bench only: which BenchmarkDotNet benchmarks, and an optional job (e.g. --bench-job=short while iterating).
var benchFilter = Argument("bench-filter", "*");
var benchJob = Argument("bench-job", "");
const string Configuration = "Release";

// ---------------------------------------------------------------------------------------------------
// Paths. Cake runs with the script's directory (the repository root) as working directory.
// ---------------------------------------------------------------------------------------------------

string Root = System.IO.Path.GetFullPath(Context.Environment.WorkingDirectory.FullPath);
string At(params string[] parts) => System.IO.Path.Combine(new[] { Root }.Concat(parts).ToArray());

// The AOT library's framework lives in Directory.Build.props ($(VelozNativeTargetFramework)), so a move to
// net10.0 there needs no change here.
string NativeFramework()
{
    var props = XDocument.Load(At("Directory.Build.props"));
    var value = props.Descendants("VelozNativeTargetFramework").Select(e => e.Value.Trim()).FirstOrDefault();
    if (string.IsNullOrEmpty(value))
        throw new CakeException("Directory.Build.props does not define VelozNativeTargetFramework");
    return value;
}

// The version, from its one place (VelozVersion in Directory.Build.props): the library's file name, SONAME and
// symbol version, the packages and the archive follow from it.
string VelozVersion()
{
    var props = XDocument.Load(At("Directory.Build.props"));
    var value = props.Descendants("VelozVersion").Select(e => e.Value.Trim()).FirstOrDefault();
    Require(value != null && Regex.IsMatch(value, @"^\d+\.\d+\.\d+$"), $"Directory.Build.props: VelozVersion '{value}' is not major.minor.patch");
    return value;
}
string VelozMajor => VelozVersion().Split('.')[0];

string InteropOutput => At("src", "Interop", "bin", Configuration, NativeFramework(), "linux-x64");
string InteropDll => System.IO.Path.Combine(InteropOutput, "VeloZ.Interop.dll");
string PublishedSo => System.IO.Path.Combine(InteropOutput, "publish", "VeloZ.Interop.so");
string LibDir => At("artifacts", "lib");
string IncludeDir => At("artifacts", "include");
string LibVeloz => System.IO.Path.Combine(LibDir, "libveloz.so");
string SonameFile => "libveloz.so." + VelozMajor;                     // libveloz.so.0: what programs record
string RealLibraryFile => "libveloz.so." + VelozVersion();              // libveloz.so.0.1.0: the file itself
string LibVelozSoname => System.IO.Path.Combine(LibDir, SonameFile);
string LibVelozReal => System.IO.Path.Combine(LibDir, RealLibraryFile);
string SymbolVersionNode => "VELOZ_" + VelozMajor;                      // the ELF version of every export
string CppBuildDir => At("build", "cpp");
string PythonPackageDir => At("bindings", "python", "veloz");
const string Python = "/usr/bin/python3"; // Debian's interpreter: Bootstrap installs pytest, numpy and Cython for it (a python3 earlier on PATH may lack them).

// ---------------------------------------------------------------------------------------------------
// Process helpers. System.Diagnostics.Process with ArgumentList: no shell, no quoting surprises.
// ---------------------------------------------------------------------------------------------------

sealed class ProcessResult
{
    public int ExitCode;
    public List<string> Output = new List<string>();
}

string Describe(string file, IEnumerable<string> arguments) =>
    file + " " + string.Join(" ", arguments.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) || a.Contains('\'') || a.Contains('*') ? "'" + a + "'" : a));

// Runs a program, streaming its output to the console and keeping it for parsing.
ProcessResult Run(string file, IEnumerable<string> arguments, IDictionary<string, string> environment = null, bool echo = true, bool quiet = false)
{
    var args = arguments.ToList();
    if (!quiet)
        Information("$ {0}", Describe(file, args));
    var info = new ProcessStartInfo(file)
    {
        WorkingDirectory = Root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var a in args)
        info.ArgumentList.Add(a);
    if (environment != null)
        foreach (var pair in environment)
            info.Environment[pair.Key] = pair.Value;
    var result = new ProcessResult();
    var gate = new object();
    using (var process = new Process { StartInfo = info })
    {
        DataReceivedEventHandler collect = (sender, e) =>
        {
            if (e.Data == null) return;
            lock (gate)
            {
                result.Output.Add(e.Data);
                if (echo) Console.WriteLine(e.Data);
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CakeException($"cannot start '{file}': {e.Message} (is it installed? try --target=Bootstrap)");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        result.ExitCode = process.ExitCode;
    }
    return result;
}

// Runs a program and fails the build if it exits non-zero.
ProcessResult RunChecked(string file, IEnumerable<string> arguments, IDictionary<string, string> environment = null, bool echo = true)
{
    var result = Run(file, arguments, environment, echo);
    if (result.ExitCode != 0)
    {
        if (!echo)
            foreach (var line in result.Output) Console.WriteLine(line);
        throw new CakeException($"'{Describe(file, arguments)}' failed with exit code {result.ExitCode}");
    }
    return result;
}

void Require(bool condition, string message)
{
    if (!condition) throw new CakeException(message);
}

void CopyFileTo(string source, string destination)
{
    System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination));
    System.IO.File.Delete(destination); // no-op when absent; removes a symlink itself, not its target
    System.IO.File.Copy(source, destination);
    Information("copied {0} -> {1}", Relative(source), Relative(destination));
}

string Relative(string path) => System.IO.Path.GetRelativePath(Root, path);

Dictionary<string, string> LibraryEnvironment() => new Dictionary<string, string>
{
    ["VELOZ_LIBRARY"] = LibVeloz,
    ["PYTHONPATH"] = At("bindings", "python"),
    ["PYTHONDONTWRITEBYTECODE"] = "1",
};

// ---------------------------------------------------------------------------------------------------
// Test bookkeeping: every suite reports passed/failed counts parsed from its runner's own summary.
// ---------------------------------------------------------------------------------------------------

sealed class SuiteResult
{
    public string Name;
    public int Passed;
    public int Failed;
    public int Skipped;
    public bool Ok;
    public string Note = "";
}

var suites = new List<SuiteResult>();

// Runs one suite: a missing prerequisite or a crashed runner counts as a failed suite, with the reason.
void RunSuite(string name, Func<SuiteResult, bool> body)
{
    Information("");
    Information("==== {0} ====", name);
    var suite = new SuiteResult { Name = name };
    try
    {
        suite.Ok = body(suite);
    }
    catch (Exception e)
    {
        suite.Ok = false;
        suite.Note = e.Message;
        Error("{0}: {1}", name, e.Message);
    }
    if (!suite.Ok && suite.Failed == 0)
        suite.Failed = 1; // the suite itself failed (build error, crash, missing piece): count it once
    suites.Add(suite);
}

int ParseInt(Match m, string group) => m.Success && m.Groups[group].Success ? int.Parse(m.Groups[group].Value) : 0;

// ---------------------------------------------------------------------------------------------------
// Bootstrap: Debian packages for the C++ and Python bindings, their tests and benchmarks.
// ---------------------------------------------------------------------------------------------------

var DebianPackages = new[]
{
    "python3-pytest", "cython3", "python3-numpy", "python3-dev", "python3-sortedcontainers",
    "libboost-dev", "libtbb-dev", "libconcurrentqueue-dev", "libreaderwriterqueue-dev", "libmimalloc-dev",
    "libgtest-dev", "libbenchmark-dev", "cmake", "g++",
};

bool DebianPackageInstalled(string package)
{
    var result = Run("dpkg", new[] { "-s", package }, echo: false, quiet: true);
    return result.ExitCode == 0 && result.Output.Any(l => l.StartsWith("Status:") && l.Contains("install ok installed"));
}

Task("Bootstrap")
    .Description("Installs the Debian packages the bindings, tests and benchmarks need (only the missing ones).")
    .Does(() =>
{
    Require(System.IO.File.Exists("/usr/bin/dpkg"), "Bootstrap: dpkg not found; VeloZ's build expects Debian 12 (bookworm)");
    Information("Bootstrap: checking {0} Debian packages with dpkg -s", DebianPackages.Length);
    var missing = DebianPackages.Where(p => !DebianPackageInstalled(p)).ToList();
    if (missing.Count == 0)
    {
        Information("Bootstrap: all present ({0})", string.Join(", ", DebianPackages));
        return;
    }
    Information("Bootstrap: missing {0}; installing them with apt-get", string.Join(", ", missing));
    var apt = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
    RunChecked("apt-get", new[] { "update" }, apt);
    RunChecked("apt-get", new[] { "install", "-y", "--no-install-recommends" }.Concat(missing), apt);
    var stillMissing = missing.Where(p => !DebianPackageInstalled(p)).ToList();
    Require(stillMissing.Count == 0, $"Bootstrap: still missing after apt-get install: {string.Join(", ", stillMissing)}");
    Information("Bootstrap: installed {0}", string.Join(", ", missing));
});

// ---------------------------------------------------------------------------------------------------
// Build: the whole solution (Core, Interop as a managed assembly, tests, benchmarks, HeaderGen).
// ---------------------------------------------------------------------------------------------------

Task("Build")
    .Description("dotnet build VeloZ.sln -c Release")
    .Does(() =>
{
    RunChecked("dotnet", new[] { "build", "VeloZ.sln", "-c", Configuration, "-nologo" });
});

// ---------------------------------------------------------------------------------------------------
// Native: publish the Native AOT library and lay it out under artifacts/.
// ---------------------------------------------------------------------------------------------------

Task("Library")
    .Description("Publishes libveloz.so (Native AOT) to artifacts/lib and checks its SONAME and exported symbols.")
    .Does(() =>
{
    RunChecked("dotnet", new[] { "publish", "src/Interop", "-c", Configuration, "-nologo" });
    Require(System.IO.File.Exists(PublishedSo), $"Native: publish finished but {Relative(PublishedSo)} does not exist");

    // The usual layout of a shared library: the file under its full version, the SONAME link that programs
    // load, and the development link that -lveloz finds.
    foreach (var stale in System.IO.Directory.Exists(LibDir) ? System.IO.Directory.GetFiles(LibDir, "libveloz.so*") : Array.Empty<string>())
        System.IO.File.Delete(stale); // a library of another version must not linger next to this one
    CopyFileTo(PublishedSo, LibVelozReal);
    System.IO.File.CreateSymbolicLink(LibVelozSoname, RealLibraryFile);
    System.IO.File.CreateSymbolicLink(LibVeloz, SonameFile);
    Information("linked {0} -> {1} -> {2}", Relative(LibVeloz), SonameFile, RealLibraryFile);

    // SONAME carries the ABI major (docs/DESIGN.md rule 1): programs linked with -lveloz record libveloz.so.<major>.
    var dynamic = RunChecked("readelf", new[] { "-d", LibVelozReal }, echo: false);
    var soname = dynamic.Output.Select(l => Regex.Match(l, @"\(SONAME\).*\[(?<name>[^\]]+)\]")).FirstOrDefault(m => m.Success);
    Require(soname != null, $"Native: {RealLibraryFile} has no SONAME");
    Require(soname.Groups["name"].Value == SonameFile, $"Native: SONAME is '{soname.Groups["name"].Value}', expected '{SonameFile}'");
    Information("SONAME: {0}", soname.Groups["name"].Value);

    // The export table is the ABI: anything but veloz_* would be a symbol a caller could come to depend on.
    // Lines of type A are version nodes (VELOZ_<major>, named by src/Interop/VeloZ.Interop.csproj), not symbols;
    // every export carries that node as its default version (veloz_book_apply@@VELOZ_0).
    var nm = RunChecked("nm", new[] { "-D", "--defined-only", LibVelozReal }, echo: false).Output
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(f => f.Length == 3)
        .ToList();
    var nodes = nm.Where(f => f[1] == "A").Select(f => f[2]).ToList();
    Require(nodes.SequenceEqual(new[] { SymbolVersionNode }), $"Native: symbol version nodes are [{string.Join(", ", nodes)}], expected [{SymbolVersionNode}]");
    var symbols = nm.Where(f => f[1] != "A").Select(f => f[2]).ToList();
    var unversioned = symbols.Where(s => !s.EndsWith("@@" + SymbolVersionNode)).ToList();
    Require(unversioned.Count == 0, $"Native: exports without the version {SymbolVersionNode}: {string.Join(", ", unversioned)}");
    symbols = symbols.Select(s => s.Split('@')[0]).ToList();
    var foreign = symbols.Where(s => !s.StartsWith("veloz_")).ToList();
    Require(symbols.Count > 0, $"Native: {RealLibraryFile} exports no symbols");
    Require(foreign.Count == 0, $"Native: {RealLibraryFile} exports symbols other than veloz_*: {string.Join(", ", foreign)}");
    Information("exports: {0} veloz_* symbols, all @@{1}, nothing else", symbols.Count, SymbolVersionNode);

    // The Python package loads libveloz.so from its own folder first (the copy is gitignored).
    if (System.IO.Directory.Exists(PythonPackageDir))
        CopyFileTo(LibVelozReal, System.IO.Path.Combine(PythonPackageDir, "libveloz.so"));
    else
        Warning("Native: {0} does not exist yet; not copying libveloz.so into the Python package", Relative(PythonPackageDir));
});

void CopyHeaders()
{
    var header = At("include", "veloz.h");
    Require(System.IO.File.Exists(header), "include/veloz.h is missing: generate it with `dotnet cake --target=Generate` (tools/HeaderGen) and commit it");
    CopyFileTo(header, System.IO.Path.Combine(IncludeDir, "veloz.h"));
    // The C++ wrapper is header-only; it sits next to veloz.h so -Iartifacts/include finds both.
    var hpp = new[] { At("bindings", "cpp", "veloz.hpp"), At("bindings", "cpp", "include", "veloz.hpp") }.FirstOrDefault(System.IO.File.Exists);
    if (hpp != null)
        CopyFileTo(hpp, System.IO.Path.Combine(IncludeDir, "veloz.hpp"));
    else
        Warning("bindings/cpp/veloz.hpp is not there yet; artifacts/include has only veloz.h");
}

Task("Native")
    .Description("libveloz.so.<version> + its SONAME and dev links in artifacts/lib, veloz.h (+ veloz.hpp) in artifacts/include.")
    .IsDependentOn("Library")
    .Does(() => CopyHeaders());

// ---------------------------------------------------------------------------------------------------
// Header: the generated files (veloz.h, the ctypes module, the .pxd) must match what the build makes.
// ---------------------------------------------------------------------------------------------------

void RunHeaderGen(bool check)
{
    var project = At("tools", "HeaderGen");
    Require(System.IO.Directory.EnumerateFiles(project, "*.cs", System.IO.SearchOption.AllDirectories)
            .Any(f => !f.Contains("/obj/") && !f.Contains("/bin/")),
        "tools/HeaderGen has no generator source yet; cannot generate or check include/veloz.h");
    Require(System.IO.File.Exists(InteropDll), $"{Relative(InteropDll)} is missing (the Library target publishes it)");
    var arguments = new List<string>
    {
        "run", "--project", "tools/HeaderGen", "-c", Configuration, "--",
        "--interop", InteropDll, "--root", Root,
    };
    if (check)
        arguments.Add("--check");
    arguments.AddRange(new[] { "--symbols", LibVeloz });
    RunChecked("dotnet", arguments);
}

void CompileHeaderStandalone()
{
    var header = At("include", "veloz.h");
    Require(System.IO.File.Exists(header), "include/veloz.h is missing");
    var warnings = new[] { "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only" };
    RunChecked("gcc", new[] { "-std=c11", "-x", "c" }.Concat(warnings).Concat(new[] { header }));
    RunChecked("g++", new[] { "-std=c++17", "-x", "c++" }.Concat(warnings).Concat(new[] { header }));
    Information("include/veloz.h compiles alone as C11 and C++17 with -Wall -Wextra -Werror -pedantic");
}

Task("Header")
    .Description("Fails if the committed generated files differ from the generator's output; compiles veloz.h as C11 and C++17.")
    .IsDependentOn("Native")
    .Does(() =>
{
    RunHeaderGen(check: true);
    CompileHeaderStandalone();
});

Task("Generate")
    .Description("Regenerates include/veloz.h, the Python ctypes declarations and the Cython .pxd from the Interop assembly.")
    .IsDependentOn("Library")
    .Does(() =>
{
    RunHeaderGen(check: false);
    CompileHeaderStandalone();
    CopyHeaders();
});

// ---------------------------------------------------------------------------------------------------
// Test: C# (Core + the published library through its C ABI), C11, C++ (GoogleTest), Python (pytest).
// ---------------------------------------------------------------------------------------------------

void BuildCpp()
{
    Require(System.IO.File.Exists(At("bindings", "cpp", "CMakeLists.txt")), "bindings/cpp/CMakeLists.txt is missing: the C++ binding has not landed");
    RunChecked("cmake", new[] { "-S", "bindings/cpp", "-B", "build/cpp", "-DCMAKE_BUILD_TYPE=Release", "-DVELOZ_ROOT=" + At("artifacts") });
    RunChecked("cmake", new[] { "--build", "build/cpp", "-j2" });
}

Task("Test")
    .Description("Every test: C#, the C ABI from C and C++, Python. Fails if any suite fails.")
    .IsDependentOn("Bootstrap")
    .IsDependentOn("Build")
    .IsDependentOn("Native")
    .IsDependentOn("Header")
    .Does(() =>
{
    RunSuite("C# (NUnit: Core, libveloz.so through its C ABI, the header generator)", suite =>
    {
        // The solution holds both test projects: Core + ABI (tests/VeloZ.Tests) and the header generator (tools/HeaderGen.Tests).
        var run = Run("dotnet", new[] { "test", "VeloZ.sln", "-c", Configuration, "-nologo" }, LibraryEnvironment());
        // "Passed!  - Failed:     0, Passed:    42, Skipped:     0, Total:    42" (one line per test assembly)
        foreach (var line in run.Output)
        {
            var m = Regex.Match(line, @"Failed:\s*(?<failed>\d+),\s*Passed:\s*(?<passed>\d+),\s*Skipped:\s*(?<skipped>\d+)");
            if (!m.Success) continue;
            suite.Failed += ParseInt(m, "failed");
            suite.Passed += ParseInt(m, "passed");
            suite.Skipped += ParseInt(m, "skipped");
        }
        if (run.ExitCode != 0) suite.Note = $"dotnet test exited with {run.ExitCode}";
        return run.ExitCode == 0 && suite.Passed > 0;
    });

    RunSuite("C11 (tests/c/*.c against include/veloz.h)", suite =>
    {
        bool ok = true;
        var sources = System.IO.Directory.GetFiles(At("tests", "c"), "*.c").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Require(sources.Length > 0, "tests/c holds no C test program");
        foreach (var source in sources)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(source);
            var binary = At("build", "c", name);
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(binary));
            RunChecked("gcc", new[]
            {
                "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-O1", "-Iinclude", "tests/c/" + name + ".c",
                "-o", binary, "-L" + LibDir, "-lveloz", "-Wl,-rpath," + LibDir,
            });
            var run = Run(binary, Array.Empty<string>());
            var m = run.Output.Select(l => Regex.Match(l, @"^(?<passed>\d+) passed, (?<failed>\d+) failed")).LastOrDefault(x => x.Success);
            suite.Passed += ParseInt(m ?? Match.Empty, "passed");
            suite.Failed += ParseInt(m ?? Match.Empty, "failed");
            if (run.ExitCode != 0) suite.Note += $"{name} exited with {run.ExitCode} ";
            ok &= run.ExitCode == 0 && m != null && ParseInt(m, "failed") == 0;
        }
        return ok;
    });

    RunSuite("C++ (bindings/cpp, GoogleTest via ctest)", suite =>
    {
        BuildCpp();
        var run = Run("ctest", new[] { "--test-dir", "build/cpp", "--output-on-failure" }, LibraryEnvironment());
        // "100% tests passed, 0 tests failed out of 17"
        var m = run.Output.Select(l => Regex.Match(l, @"(?<failed>\d+) tests? failed out of (?<total>\d+)")).LastOrDefault(x => x.Success);
        if (m != null)
        {
            suite.Failed = ParseInt(m, "failed");
            suite.Passed = ParseInt(m, "total") - suite.Failed;
        }
        if (run.ExitCode != 0) suite.Note = $"ctest exited with {run.ExitCode}";
        return run.ExitCode == 0 && m != null && suite.Passed > 0;
    });

    RunSuite("Python (bindings/python, pytest)", suite =>
    {
        Require(System.IO.Directory.Exists(At("bindings", "python", "tests")), "bindings/python/tests is missing: the Python binding has not landed");
        var run = Run(Python, new[] { "-m", "pytest", "bindings/python/tests", "-q", "-p", "no:cacheprovider" }, LibraryEnvironment());
        // "3 failed, 40 passed, 1 skipped in 1.23s" / "43 passed in 0.9s"
        var summary = run.Output.LastOrDefault(l => Regex.IsMatch(l, @"\d+ (passed|failed|error)") && Regex.IsMatch(l, @" in [\d.]+s"));
        if (summary != null)
        {
            suite.Passed = ParseInt(Regex.Match(summary, @"(?<n>\d+) passed"), "n");
            suite.Failed = ParseInt(Regex.Match(summary, @"(?<n>\d+) failed"), "n") + ParseInt(Regex.Match(summary, @"(?<n>\d+) errors?"), "n");
            suite.Skipped = ParseInt(Regex.Match(summary, @"(?<n>\d+) skipped"), "n");
        }
        if (run.ExitCode != 0) suite.Note = $"pytest exited with {run.ExitCode}";
        return run.ExitCode == 0 && suite.Passed > 0;
    });

    if (suites.Any(s => !s.Ok))
        throw new CakeException("Test: failing suites: " + string.Join("; ", suites.Where(s => !s.Ok).Select(s => s.Name + (s.Note.Length > 0 ? " (" + s.Note + ")" : ""))));
});

// ---------------------------------------------------------------------------------------------------
// Bench: BenchmarkDotNet (Core vs BCL/NuGet peers), Google Benchmark (libveloz.so vs C++ peers), Python.
// Not part of Test: numbers need a quiet machine and minutes.
// ---------------------------------------------------------------------------------------------------

Task("Bench")
    .Description("Runs every benchmark: BenchmarkDotNet, C++ (Google Benchmark), Python.")
    .IsDependentOn("Bootstrap")
    .IsDependentOn("Build")
    .IsDependentOn("Native")
    .Does(() =>
{
    var bdn = new List<string> { "run", "-c", Configuration, "--project", "benchmarks/VeloZ.Benchmarks", "--", "--filter", benchFilter };
    if (benchJob.Length > 0)
        bdn.AddRange(new[] { "--job", benchJob });
    RunChecked("dotnet", bdn, LibraryEnvironment());
    BuildCpp();
    var cppBench = System.IO.Path.Combine(CppBuildDir, "veloz_bench");
    Require(System.IO.File.Exists(cppBench), "build/cpp/veloz_bench was not built by bindings/cpp");
    RunChecked(cppBench, Array.Empty<string>(), LibraryEnvironment());
    // The clock's accuracy against CLOCK_REALTIME, if bindings/cpp builds that tool.
    var clockAccuracy = System.IO.Path.Combine(CppBuildDir, "veloz_clock_accuracy");
    if (System.IO.File.Exists(clockAccuracy))
        RunChecked(clockAccuracy, Array.Empty<string>(), LibraryEnvironment());
    // The order books: LOBSTER and matching flows against a std::map book, then the paced latency run.
    foreach (var tool in new[] { "veloz_book_bench", "veloz_book_latency" })
    {
        var path = System.IO.Path.Combine(CppBuildDir, tool);
        Require(System.IO.File.Exists(path), $"build/cpp/{tool} was not built by bindings/cpp");
        RunChecked(path, Array.Empty<string>(), LibraryEnvironment());
    }
    foreach (var script in new[] { "bench_histogram.py", "bench_book.py" })
    {
        var pyBench = At("bindings", "python", "benchmarks", script);
        Require(System.IO.File.Exists(pyBench), $"bindings/python/benchmarks/{script} is missing");
        RunChecked(Python, new[] { pyBench }, LibraryEnvironment());
    }
});

// ---------------------------------------------------------------------------------------------------
// Demo: README command 1. Builds everything and runs the C++ and Python demos against artifacts/.
// ---------------------------------------------------------------------------------------------------

Task("Demo")
    .Description("Builds everything and runs the C++ and Python demos.")
    .IsDependentOn("Bootstrap")
    .IsDependentOn("Build")
    .IsDependentOn("Native")
    .Does(() =>
{
    BuildCpp();
    var cppDemo = System.IO.Path.Combine(CppBuildDir, "veloz_demo");
    Require(System.IO.File.Exists(cppDemo), "build/cpp/veloz_demo was not built by bindings/cpp");
    RunChecked(cppDemo, Array.Empty<string>(), LibraryEnvironment());
    var pyDemo = At("bindings", "python", "demo.py");
    Require(System.IO.File.Exists(pyDemo), "bindings/python/demo.py is missing");
    RunChecked(Python, new[] { pyDemo }, LibraryEnvironment());
});

Task("Default").IsDependentOn("Test");

// ---------------------------------------------------------------------------------------------------
// Run, then print the test summary as the very last line (Cake's task table comes before it).
// ---------------------------------------------------------------------------------------------------

void PrintTestSummary()
{
    if (suites.Count == 0) return;
    Console.WriteLine();
    Console.WriteLine("Test summary");
    foreach (var s in suites)
    {
        var skipped = s.Skipped > 0 ? $", {s.Skipped} skipped" : "";
        var note = s.Note.Length > 0 ? $"  [{s.Note}]" : "";
        Console.WriteLine($"  {(s.Ok ? "ok  " : "FAIL")}  {s.Name}: {s.Passed} passed, {s.Failed} failed{skipped}{note}");
    }
    Console.WriteLine($"tests: {suites.Sum(s => s.Passed)} passed, {suites.Sum(s => s.Failed)} failed");
}

try
{
    RunTarget(target);
}
catch (Exception e)
{
    // Cake would print the error after our summary; print it first, then the summary, then exit non-zero.
    Console.Error.WriteLine($"Error: {e.Message}");
    PrintTestSummary();
    Console.Out.Flush();
    Environment.Exit(1);
}
PrintTestSummary();
