// VeloZ build orchestration (Cake 7). Run: dotnet tool restore && dotnet cake --target=<Target>
//
// Targets: Bootstrap, Build, Native, Header, Generate, Test (default), Bench, Demo, Wheel, NuGet, Package, Docs.
// Bench takes --bench-filter=<BenchmarkDotNet filter> (default *) and --bench-job=<job> (e.g. short).
// --python=<interpreter> (or VELOZ_PYTHON) picks the Python for the tests, the wheel and the examples.
// Every external step runs through RunChecked, which fails the run on a non-zero exit code; the test
// suites run one after another (a failing suite does not hide the others), and Test fails at the end
// if any of them failed. The last line of a Test run is "tests: N passed, N failed".

using System.Diagnostics;
using System.IO.Compression;
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
string PropsValue(string name)
{
    var props = XDocument.Load(At("Directory.Build.props"));
    var value = props.Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault();
    if (string.IsNullOrEmpty(value))
        throw new CakeException($"Directory.Build.props does not define {name}");
    return value;
}
string NativeFramework() => PropsValue("VelozNativeTargetFramework");
string HostFramework() => PropsValue("VelozHostTargetFramework");

// The version, from its one place (VelozVersion in Directory.Build.props): the library's file name, SONAME and
// symbol version, the packages and the archive follow from it.
string VelozVersion()
{
    var value = PropsValue("VelozVersion");
    Require(Regex.IsMatch(value, @"^\d+\.\d+\.\d+$"), $"Directory.Build.props: VelozVersion '{value}' is not major.minor.patch");
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
// The Python of the Python tests, the wheel build and the Python examples: --python=<path>, else $VELOZ_PYTHON, else
// Debian's /usr/bin/python3, for which Bootstrap installs pytest, NumPy, Cython, setuptools, wheel and build (a
// python3 earlier on PATH, a venv or conda may lack them: PythonWith names what is missing).
string Python = Argument("python", EnvironmentVariable("VELOZ_PYTHON") ?? "/usr/bin/python3");

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
// An environment value of null removes the variable (the package tests run without the build's VELOZ_LIBRARY etc.).
ProcessResult Run(string file, IEnumerable<string> arguments, IDictionary<string, string> environment = null, bool echo = true, bool quiet = false, string workingDirectory = null)
{
    var args = arguments.ToList();
    if (!quiet)
        Information("$ {0}", Describe(file, args));
    var info = new ProcessStartInfo(file)
    {
        WorkingDirectory = workingDirectory ?? Root,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    foreach (var a in args)
        info.ArgumentList.Add(a);
    if (environment != null)
        foreach (var pair in environment)
            if (pair.Value == null)
                info.Environment.Remove(pair.Key);
            else
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
ProcessResult RunChecked(string file, IEnumerable<string> arguments, IDictionary<string, string> environment = null, bool echo = true, string workingDirectory = null)
{
    var result = Run(file, arguments, environment, echo, workingDirectory: workingDirectory);
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
    public TimeSpan Elapsed;
}

var suites = new List<SuiteResult>();

// Runs one suite: a missing prerequisite or a crashed runner counts as a failed suite, with the reason.
void RunSuite(string name, Func<SuiteResult, bool> body)
{
    Information("");
    Information("==== {0} ====", name);
    var suite = new SuiteResult { Name = name };
    var watch = Stopwatch.StartNew();
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
    suite.Elapsed = watch.Elapsed;
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
    // The memory benchmarks' allocator peers (mimalloc above), and promtool (Debian's prometheus) to check the
    // Prometheus text the library writes.
    "libjemalloc-dev", "libgoogle-perftools-dev", "prometheus",
    // Packaging and docs: the wheel (built offline with Debian's setuptools), its venv test, pkg-config, Doxygen.
    "python3-setuptools", "python3-wheel", "python3-build", "python3-venv", "pkg-config", "doxygen",
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
// Packages: the Python wheel, the NuGet package and the release archive, all named after VelozVersion.
// artifacts/dist/ receives veloz-<v>-py3-none-linux_x86_64.whl, VeloZ.Core.<v>.nupkg,
// veloz-<v>-linux-x64.tar.gz and SHA256SUMS of the three.
// ---------------------------------------------------------------------------------------------------

string DistDir => At("artifacts", "dist");
string WheelFile => System.IO.Path.Combine(DistDir, $"veloz-{VelozVersion()}-py3-none-linux_x86_64.whl");
string NupkgFile => System.IO.Path.Combine(DistDir, $"VeloZ.Core.{VelozVersion()}.nupkg");
string ArchiveName => $"veloz-{VelozVersion()}-linux-x64";
string ArchiveFile => System.IO.Path.Combine(DistDir, ArchiveName + ".tar.gz");

// Fails, naming what is missing, unless `Python` can import every module (a chosen venv or conda Python must bring
// them itself; Bootstrap equips only Debian's /usr/bin/python3).
void PythonWith(string purpose, params string[] modules)
{
    var probe = "import importlib.util, sys; missing = [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]; "
              + "print(sys.version.split()[0], sys.executable); print('missing: ' + ' '.join(missing)) if missing else None; sys.exit(1 if missing else 0)";
    var result = Run(Python, new[] { "-c", probe }.Concat(modules), echo: false, quiet: true);
    Require(result.ExitCode == 0, $"{purpose}: the Python {Python} ({string.Join("; ", result.Output)}) lacks modules it needs; "
        + $"install them for it, or pick another with --python=<path> or VELOZ_PYTHON (Bootstrap installs them for /usr/bin/python3)");
}

void DeleteMatching(string directory, string pattern)
{
    if (System.IO.Directory.Exists(directory))
        foreach (var file in System.IO.Directory.GetFiles(directory, pattern))
            System.IO.File.Delete(file);
}

Task("Wheel")
    .Description("Builds the Python wheel (setuptools, no network) into artifacts/dist.")
    .IsDependentOn("Bootstrap")
    .IsDependentOn("Native")
    .Does(() =>
{
    PythonWith("Wheel", "setuptools", "wheel", "build");
    // setuptools copies into build/ and never deletes there: a module removed from veloz/ must not survive in it.
    foreach (var stale in new[] { At("bindings", "python", "build"), At("bindings", "python", "veloz.egg-info") })
        if (System.IO.Directory.Exists(stale))
            System.IO.Directory.Delete(stale, recursive: true);
    DeleteMatching(DistDir, "veloz-*.whl");
    RunChecked(Python, new[] { "-m", "build", "--wheel", "--no-isolation", "--outdir", DistDir, "bindings/python" },
        new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
    var built = System.IO.Directory.GetFiles(DistDir, "veloz-*.whl");
    Require(built.Length == 1 && built[0] == WheelFile,
        $"Wheel: expected {Relative(WheelFile)}, the build wrote {string.Join(", ", built.Select(Relative))}");
    using (var wheel = ZipFile.OpenRead(WheelFile))
    {
        var names = wheel.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var required in new[] { "veloz/libveloz.so", "veloz/veloz.h", "veloz/capi.pxd", "veloz/py.typed", "veloz/__main__.py",
                                         $"veloz-{VelozVersion()}.dist-info/LICENSE" })
            Require(names.Contains(required), $"Wheel: {Relative(WheelFile)} lacks {required}");
    }
    Information("wheel: {0} ({1:N0} bytes)", Relative(WheelFile), new System.IO.FileInfo(WheelFile).Length);
});

Task("NuGet")
    .Description("dotnet pack src/Core: VeloZ.Core.<version>.nupkg into artifacts/dist.")
    .Does(() =>
{
    DeleteMatching(DistDir, "VeloZ.Core.*.nupkg");
    RunChecked("dotnet", new[] { "pack", "src/Core", "-c", Configuration, "-nologo", "-o", DistDir });
    Require(System.IO.File.Exists(NupkgFile), $"NuGet: dotnet pack did not write {Relative(NupkgFile)}");
    Information("nupkg: {0} ({1:N0} bytes)", Relative(NupkgFile), new System.IO.FileInfo(NupkgFile).Length);
});

// sha256sum's own format ("<hex>  <path>"), so `sha256sum -c SHA256SUMS` checks it.
void WriteSha256Sums(string directory, IEnumerable<string> files, string listFile)
{
    var lines = files.Select(f =>
    {
        using var stream = System.IO.File.OpenRead(f);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)).ToLowerInvariant();
        return $"{hash}  {System.IO.Path.GetRelativePath(directory, f)}";
    });
    System.IO.File.WriteAllText(listFile, string.Join("\n", lines) + "\n");
}

Task("Package")
    .Description("The release archive artifacts/dist/veloz-<version>-linux-x64.tar.gz (library, headers, CMake and pkg-config files, wheel, nupkg, examples, SHA256SUMS).")
    .IsDependentOn("Native")
    .IsDependentOn("Wheel")
    .IsDependentOn("NuGet")
    .Does(() =>
{
    // The C/C++ part is bindings/cpp's own install rules (the ones find_package users get from cmake --install).
    var stageRoot = At("artifacts", "package");
    var stage = System.IO.Path.Combine(stageRoot, ArchiveName);
    if (System.IO.Directory.Exists(stageRoot))
        System.IO.Directory.Delete(stageRoot, recursive: true);
    RunChecked("cmake", new[] { "-S", "bindings/cpp", "-B", "build/package", "-DCMAKE_BUILD_TYPE=Release", "-DVELOZ_ROOT=" + At("artifacts"),
        "-DVELOZ_CPP_BUILD_TESTS=OFF", "-DVELOZ_CPP_BUILD_BENCHMARKS=OFF", "-DVELOZ_CPP_BUILD_DEMO=OFF", "-DCMAKE_INSTALL_LIBDIR=lib" });
    RunChecked("cmake", new[] { "--install", "build/package", "--prefix", stage });

    CopyFileTo(WheelFile, System.IO.Path.Combine(stage, "python", System.IO.Path.GetFileName(WheelFile)));
    CopyFileTo(NupkgFile, System.IO.Path.Combine(stage, "nuget", System.IO.Path.GetFileName(NupkgFile)));
    CopyFileTo(At("LICENSE"), System.IO.Path.Combine(stage, "LICENSE"));
    foreach (var example in System.IO.Directory.GetFiles(At("examples"), "*", System.IO.SearchOption.AllDirectories))
        CopyFileTo(example, System.IO.Path.Combine(stage, "examples", System.IO.Path.GetRelativePath(At("examples"), example)));
    System.IO.File.WriteAllText(System.IO.Path.Combine(stage, "README.md"), string.Join("\n", new[]
    {
        $"# VeloZ {VelozVersion()} for Linux x86-64",
        "",
        "- `lib/libveloz.so.*` (the C ABI, Native AOT), `include/veloz.h` (C11/C++17) and `include/veloz.hpp` (C++17 RAII wrapper).",
        "- `lib/pkgconfig/veloz.pc`: `cc app.c $(pkg-config --cflags --libs veloz)` with `PKG_CONFIG_PATH=<this folder>/lib/pkgconfig`.",
        "- `lib/cmake/VeloZ/`: `find_package(VeloZ)` with `-DCMAKE_PREFIX_PATH=<this folder>`, then link `VeloZ::veloz`.",
        $"- `python/`: the wheel (`pip install python/{System.IO.Path.GetFileName(WheelFile)}`), `nuget/`: the C# package (a local feed).",
        "- `examples/`: the programs of the repository README; `SHA256SUMS`: `sha256sum -c SHA256SUMS`.",
        "",
        "Licensed under the Apache License 2.0 (`LICENSE`).",
        "",
    }));

    // Every regular file of the archive (the two library symlinks point at the one file listed).
    var listed = System.IO.Directory.GetFiles(stage, "*", System.IO.SearchOption.AllDirectories)
        .Where(f => new System.IO.FileInfo(f).LinkTarget == null)
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToList();
    WriteSha256Sums(stage, listed, System.IO.Path.Combine(stage, "SHA256SUMS"));

    // Reproducible: sorted names, owner root, every mtime the commit's (or now, outside git), gzip without a timestamp.
    var commitTime = Run("git", new[] { "log", "-1", "--format=%ct" }, echo: false, quiet: true);
    var mtime = commitTime.ExitCode == 0 && commitTime.Output.Count > 0 ? "@" + commitTime.Output[0].Trim() : "@" + DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    System.IO.File.Delete(ArchiveFile);
    RunChecked("tar", new[] { "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=" + mtime,
        "-cf", ArchiveFile, "--use-compress-program=gzip -n -9", "-C", stageRoot, ArchiveName });
    WriteSha256Sums(DistDir, new[] { WheelFile, NupkgFile, ArchiveFile }, System.IO.Path.Combine(DistDir, "SHA256SUMS"));
    foreach (var file in new[] { WheelFile, NupkgFile, ArchiveFile })
        Information("{0,-60} {1,12:N0} bytes", Relative(file), new System.IO.FileInfo(file).Length);
});

// ---------------------------------------------------------------------------------------------------
// Package tests (part of Test): each installs a package as a user would, into a temporary folder outside the
// source tree and without the build's VELOZ_LIBRARY, PYTHONPATH or LD_LIBRARY_PATH, and runs the examples there.
// Every check is counted; the outputs of the programs are printed (the smoke-test record of a run).
// ---------------------------------------------------------------------------------------------------

Dictionary<string, string> OutsideEnvironment(params (string Key, string Value)[] extra)
{
    var environment = new Dictionary<string, string>
    {
        ["VELOZ_LIBRARY"] = null, ["PYTHONPATH"] = null, ["LD_LIBRARY_PATH"] = null, ["VELOZ_DATA"] = null,
        ["PYTHONDONTWRITEBYTECODE"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1", // no build server lingers in the scratch folder
    };
    foreach (var (key, value) in extra)
        environment[key] = value;
    return environment;
}

string NewScratch(string name)
{
    var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"veloz-{name}-{Guid.NewGuid():N}".Substring(0, 20 + name.Length));
    System.IO.Directory.CreateDirectory(path);
    Require(!System.IO.Path.GetFullPath(path).StartsWith(Root + "/"), $"scratch folder {path} is inside the source tree");
    return path;
}

// Kept when the suite failed, so that it can be looked at.
void RemoveScratch(SuiteResult suite, string path)
{
    if (suite.Failed == 0)
        System.IO.Directory.Delete(path, recursive: true);
    else
        Warning("kept {0} for inspection", path);
}

void Expect(SuiteResult suite, bool ok, string what)
{
    if (ok) { suite.Passed++; Information("  ok    {0}", what); }
    else { suite.Failed++; Error("  FAIL  {0}", what); }
}

void CopyInto(string directory, params string[] files)
{
    foreach (var file in files)
        CopyFileTo(file, System.IO.Path.Combine(directory, System.IO.Path.GetFileName(file)));
}

string ZipText(string zip, string entry)
{
    using var archive = ZipFile.OpenRead(zip);
    var found = archive.GetEntry(entry);
    if (found == null) return null;
    using var reader = new System.IO.StreamReader(found.Open());
    return reader.ReadToEnd();
}

// The program's library as the dynamic loader resolves it (ldd), compared with the expected folder.
bool LoadsLibraryFrom(string binary, string folder)
{
    var ldd = Run("ldd", new[] { binary }, OutsideEnvironment(), echo: false, quiet: true);
    var line = ldd.Output.Select(l => Regex.Match(l, @"libveloz\.so\.\d+ => (?<path>\S+)")).FirstOrDefault(m => m.Success);
    if (line == null) return false;
    var resolved = new System.IO.FileInfo(line.Groups["path"].Value);
    var real = resolved.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? resolved.FullName;
    Information("  {0} loads {1} ({2})", System.IO.Path.GetFileName(binary), line.Groups["path"].Value, real);
    return System.IO.Path.GetDirectoryName(real) == System.IO.Path.GetFullPath(folder);
}

void PrintSmoke(string title, IEnumerable<string> lines)
{
    Information("---- smoke: {0}", title);
    foreach (var line in lines)
        Information("     {0}", line);
}

void TestWheel(SuiteResult suite)
{
    var version = VelozVersion();
    var metadata = ZipText(WheelFile, $"veloz-{version}.dist-info/METADATA") ?? "";
    var wheelTags = ZipText(WheelFile, $"veloz-{version}.dist-info/WHEEL") ?? "";
    Expect(suite, Regex.IsMatch(metadata, $@"^Version: {Regex.Escape(version)}$", RegexOptions.Multiline), $"wheel METADATA Version is {version}");
    Expect(suite, Regex.IsMatch(metadata, @"^License: Apache-2\.0$", RegexOptions.Multiline), "wheel METADATA License is Apache-2.0");
    Expect(suite, wheelTags.Contains("Root-Is-Purelib: false") && wheelTags.Contains("Tag: py3-none-linux_x86_64"), "wheel is tagged py3-none-linux_x86_64, not pure");

    PythonWith("Wheel test", "venv", "ensurepip", "numpy");
    var scratch = NewScratch("wheel");
    var venv = System.IO.Path.Combine(scratch, "venv");
    var python = System.IO.Path.Combine(venv, "bin", "python");
    var environment = OutsideEnvironment();
    RunChecked(Python, new[] { "-m", "venv", "--system-site-packages", venv }, environment, workingDirectory: scratch);
    RunChecked(python, new[] { "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "--no-cache-dir", WheelFile }, environment, workingDirectory: scratch);

    var about = RunChecked(python, new[] { "-m", "veloz" }, environment, workingDirectory: scratch);
    PrintSmoke("python -m veloz (fresh venv, outside the tree)", about.Output);
    Expect(suite, about.Output.FirstOrDefault() == $"veloz {version} (library {version})", $"python -m veloz: package and library are {version}");
    var library = about.Output.Select(l => Regex.Match(l, "^library: (?<path>.+)$")).FirstOrDefault(m => m.Success)?.Groups["path"].Value ?? "";
    Expect(suite, library.StartsWith(venv + "/") && library.EndsWith("/veloz/libveloz.so"), "python -m veloz: the library is the wheel's copy in the venv");
    Expect(suite, about.Output.Any(l => Regex.IsMatch(l, @"^clock source: (TSC|OS) ")), "python -m veloz: names the clock source");

    CopyInto(scratch, At("examples", "python", "quickstart.py"));
    var example = RunChecked(python, new[] { "quickstart.py" }, environment, workingDirectory: scratch);
    PrintSmoke("examples/python/quickstart.py (fresh venv)", example.Output);
    Expect(suite, example.Output.Any(l => l.StartsWith("trade size: p50 ")), "examples/python/quickstart.py runs against the installed wheel");

    // help(veloz.Book) and friends read as documentation: every public method and property has a docstring.
    var undocumented = Run(python, new[] { "-c",
        "import inspect, veloz\n"
        + "classes = (veloz.Book, veloz.DepthBook, veloz.Histogram, veloz.TimeSync)\n"
        + "missing = [f'{c.__name__}.{n}' for c in classes for n, m in vars(c).items() if not n.startswith('_') and (inspect.isfunction(m) or isinstance(m, property)) and not inspect.getdoc(m)]\n"
        + "missing += [c.__name__ for c in classes if not inspect.getdoc(c)]\n"
        + "print('undocumented: ' + (', '.join(missing) or 'none'))\n"
        + "raise SystemExit(1 if missing else 0)" }, environment, workingDirectory: scratch);
    Expect(suite, undocumented.ExitCode == 0, "Book, DepthBook, Histogram, TimeSync: every public member has a docstring (help() reads as documentation)");

    if (Run(python, new[] { "-c", "import Cython" }, environment, echo: false, quiet: true, workingDirectory: scratch).ExitCode == 0)
    {
        var cython = Run(python, new[] { At("tests", "package", "cython_cimport.py") }, environment, workingDirectory: scratch);
        Expect(suite, cython.ExitCode == 0 && cython.Output.Any(l => l.StartsWith("cimport veloz.capi: ")), "from veloz cimport capi compiles against the installed package (cython -I its folder, cc -I veloz.get_include()) and runs");
    }
    else
    {
        suite.Skipped++;
        Warning("  skip  the Cython check: Cython is not importable from {0}", python);
    }
    RemoveScratch(suite, scratch);
}

void TestNuGet(SuiteResult suite)
{
    var version = VelozVersion();
    var nuspec = ZipText(NupkgFile, "VeloZ.Core.nuspec") ?? "";
    Expect(suite, nuspec.Contains($"<version>{version}</version>"), $"nuspec version is {version}");
    Expect(suite, nuspec.Contains("<license type=\"expression\">Apache-2.0</license>"), "nuspec licence is Apache-2.0");
    Expect(suite, nuspec.Contains("<readme>README.md</readme>") && ZipText(NupkgFile, "README.md") != null, "the package has its README");
    Expect(suite, Regex.IsMatch(nuspec, "<repository type=\"git\"[^>]*commit=\"[0-9a-f]{40}\""), "nuspec has repository metadata (git, commit)");
    foreach (var framework in new[] { NativeFramework(), HostFramework() })
        Expect(suite, ZipText(NupkgFile, $"lib/{framework}/VeloZ.Core.xml") != null, $"lib/{framework} carries the XML docs");

    var scratch = NewScratch("nuget");
    var feed = System.IO.Path.Combine(scratch, "feed");
    var app = System.IO.Path.Combine(scratch, "BookDemo");
    CopyInto(feed, NupkgFile);
    CopyInto(app, At("examples", "csharp", "Program.cs"));
    // Stops MSBuild's search for Directory.Build.props above the scratch folder (the temp folder is shared).
    System.IO.File.WriteAllText(System.IO.Path.Combine(scratch, "Directory.Build.props"), "<Project />\n");
    System.IO.File.WriteAllText(System.IO.Path.Combine(app, "nuget.config"),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <add key=\"veloz-local\" value=\"../feed\" />\n  </packageSources>\n</configuration>\n");
    // What `dotnet new console` and `dotnet add package VeloZ.Core` write, plus Native AOT for the library's framework
    // (and warnings as errors, so an AOT or trimming warning from the package fails the test).
    System.IO.File.WriteAllText(System.IO.Path.Combine(app, "BookDemo.csproj"), string.Join("\n", new[]
    {
        "<Project Sdk=\"Microsoft.NET.Sdk\">",
        "  <PropertyGroup>",
        "    <OutputType>Exe</OutputType>",
        $"    <TargetFrameworks>{HostFramework()};{NativeFramework()}</TargetFrameworks>",
        "    <ImplicitUsings>enable</ImplicitUsings>",
        "    <Nullable>enable</Nullable>",
        "    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>",
        $"    <PublishAot Condition=\"'$(TargetFramework)' == '{NativeFramework()}'\">true</PublishAot>",
        "  </PropertyGroup>",
        "  <ItemGroup>",
        $"    <PackageReference Include=\"VeloZ.Core\" Version=\"{version}\" />",
        "  </ItemGroup>",
        "</Project>",
        "",
    }));
    // NuGet keeps an extracted package by id and version; a rebuilt nupkg of the same version must replace it.
    var locals = Run("dotnet", new[] { "nuget", "locals", "global-packages", "--list" }, OutsideEnvironment(), echo: false, quiet: true);
    var globalPackages = locals.Output.Select(l => Regex.Match(l, @"global-packages:\s*(?<path>.+)$")).FirstOrDefault(m => m.Success)?.Groups["path"].Value.Trim();
    if (!string.IsNullOrEmpty(globalPackages))
    {
        var cached = System.IO.Path.Combine(globalPackages, "veloz.core", version);
        if (System.IO.Directory.Exists(cached))
            System.IO.Directory.Delete(cached, recursive: true);
    }

    var environment = OutsideEnvironment();
    var jit = RunChecked("dotnet", new[] { "run", "-c", Configuration, "-f", HostFramework() }, environment, workingDirectory: app);
    var jitLines = jit.Output.Where(l => l.StartsWith("trade:") || l.StartsWith("order 3:") || l.StartsWith("submit + cancel")).ToList();
    PrintSmoke($"dotnet run ({HostFramework()}, JIT) of examples/csharp/Program.cs on VeloZ.Core {version} from a local feed", jitLines);
    Expect(suite, jitLines.Contains("trade: order 3 bought 5 @ 10100 from order 1 (0 left)") && jitLines.Any(l => l.StartsWith("submit + cancel, 100,000 times: p50 ")),
        $"JIT ({HostFramework()}): the example trades and measures");

    var watch = Stopwatch.StartNew();
    var publishDir = System.IO.Path.Combine(scratch, "aot");
    RunChecked("dotnet", new[] { "publish", "-c", Configuration, "-f", NativeFramework(), "-r", "linux-x64", "-o", publishDir, "-nologo" }, environment, workingDirectory: app);
    watch.Stop();
    var native = System.IO.Path.Combine(publishDir, "BookDemo");
    Expect(suite, System.IO.File.Exists(native) && !System.IO.File.Exists(System.IO.Path.Combine(publishDir, "BookDemo.dll")), $"Native AOT publish ({NativeFramework()}) wrote a native executable ({watch.Elapsed.TotalSeconds:F0} s)");
    var aot = RunChecked(native, Array.Empty<string>(), environment, workingDirectory: scratch);
    PrintSmoke($"Native AOT ({NativeFramework()}) BookDemo, published in {watch.Elapsed.TotalSeconds:F0} s", aot.Output);
    Expect(suite, aot.Output.Contains("trade: order 3 bought 5 @ 10100 from order 1 (0 left)") && aot.Output.Any(l => l.StartsWith("submit + cancel, 100,000 times: p50 ")),
        "Native AOT: the example trades and measures");
    RemoveScratch(suite, scratch);
}

void TestArchive(SuiteResult suite)
{
    var version = VelozVersion();
    var scratch = NewScratch("archive");
    RunChecked("tar", new[] { "-xzf", ArchiveFile, "-C", scratch });
    var prefix = System.IO.Path.Combine(scratch, ArchiveName);
    var lib = System.IO.Path.Combine(prefix, "lib");
    string LinkOf(string name) => new System.IO.FileInfo(System.IO.Path.Combine(lib, name)).LinkTarget;
    Expect(suite, System.IO.File.Exists(System.IO.Path.Combine(lib, RealLibraryFile)) && LinkOf(RealLibraryFile) == null, $"lib/{RealLibraryFile} is the library");
    Expect(suite, LinkOf(SonameFile) == RealLibraryFile && LinkOf("libveloz.so") == SonameFile, $"lib/libveloz.so -> {SonameFile} -> {RealLibraryFile}");
    foreach (var file in new[] { "include/veloz.h", "include/veloz.hpp", "lib/cmake/VeloZ/VeloZConfig.cmake", "lib/cmake/VeloZ/VeloZConfigVersion.cmake",
                                 "lib/pkgconfig/veloz.pc", "python/" + System.IO.Path.GetFileName(WheelFile), "nuget/" + System.IO.Path.GetFileName(NupkgFile), "LICENSE", "SHA256SUMS" })
        Expect(suite, System.IO.File.Exists(System.IO.Path.Combine(prefix, file)), $"the archive holds {file}");
    Expect(suite, Run("sha256sum", new[] { "-c", "--quiet", "SHA256SUMS" }, OutsideEnvironment(), workingDirectory: prefix).ExitCode == 0, "sha256sum -c SHA256SUMS");

    // C through pkg-config.
    var environment = OutsideEnvironment(("PKG_CONFIG_PATH", System.IO.Path.Combine(lib, "pkgconfig")));
    string PkgConfig(params string[] arguments) => string.Join(" ", RunChecked("pkg-config", arguments, environment, echo: false).Output).Trim();
    Expect(suite, PkgConfig("--modversion", "veloz") == version, $"pkg-config --modversion veloz is {version}");
    var libdir = PkgConfig("--variable=libdir", "veloz");
    var cDir = System.IO.Path.Combine(scratch, "c");
    CopyInto(cDir, At("examples", "c", "order_latency.c"));
    var flags = PkgConfig("--cflags", "--libs", "veloz").Split(' ', StringSplitOptions.RemoveEmptyEntries);
    RunChecked("gcc", new[] { "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic", "order_latency.c", "-o", "order_latency" }
        .Concat(flags).Concat(new[] { "-Wl,-rpath," + libdir }), environment, workingDirectory: cDir);
    var c = RunChecked(System.IO.Path.Combine(cDir, "order_latency"), Array.Empty<string>(), environment, workingDirectory: cDir);
    PrintSmoke("examples/c/order_latency.c built with pkg-config against the unpacked archive", c.Output);
    Expect(suite, c.Output.FirstOrDefault()?.StartsWith($"libveloz {version}: ") == true && c.Output.Any(l => l.StartsWith("submit + cancel + drain")), "the C example runs");
    Expect(suite, LoadsLibraryFrom(System.IO.Path.Combine(cDir, "order_latency"), lib), "the C example loads the archive's library");

    // C++ through find_package(VeloZ).
    var cppDir = System.IO.Path.Combine(scratch, "cpp");
    CopyInto(cppDir, At("examples", "cpp", "CMakeLists.txt"), At("examples", "cpp", "matching.cpp"));
    var configure = RunChecked("cmake", new[] { "-S", cppDir, "-B", System.IO.Path.Combine(cppDir, "build"), "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_PREFIX_PATH=" + prefix }, environment, workingDirectory: cppDir);
    Expect(suite, configure.Output.Any(l => l.Contains($"Found VeloZ {version} in {lib}/cmake/VeloZ")), $"find_package(VeloZ) finds {version} in the archive");
    RunChecked("cmake", new[] { "--build", System.IO.Path.Combine(cppDir, "build") }, environment, workingDirectory: cppDir);
    var binary = System.IO.Path.Combine(cppDir, "build", "matching");
    var cpp = RunChecked(binary, Array.Empty<string>(), environment, workingDirectory: cppDir);
    PrintSmoke("examples/cpp/matching.cpp built with find_package(VeloZ) against the unpacked archive", cpp.Output);
    Expect(suite, cpp.Output.Contains("trade: order 3 bought 5 @ 10100 from order 1 (0 left)") && cpp.Output.Contains("best ask now 10105 x 3, 1 orders rest"), "the C++ example runs");
    Expect(suite, LoadsLibraryFrom(binary, lib), "the C++ example loads the archive's library");
    RemoveScratch(suite, scratch);
}

// README examples compile as written: each complete program under examples/ appears in the README verbatim.
void TestReadmeExamples(SuiteResult suite)
{
    var readmes = new Dictionary<string, string> { ["README.md"] = System.IO.File.ReadAllText(At("README.md")), ["src/Core/README.md"] = System.IO.File.ReadAllText(At("src", "Core", "README.md")) };
    var shown = new Dictionary<string, string[]>
    {
        ["examples/c/order_latency.c"] = new[] { "README.md" },
        ["examples/cpp/matching.cpp"] = new[] { "README.md" },
        ["examples/python/quickstart.py"] = new[] { "README.md" },
        ["examples/csharp/Program.cs"] = new[] { "README.md", "src/Core/README.md" },
    };
    foreach (var (example, readmeNames) in shown)
    {
        var text = System.IO.File.ReadAllText(At(example)).TrimEnd('\n');
        foreach (var readme in readmeNames)
            Expect(suite, readmes[readme].Contains("\n" + text + "\n```"), $"{readme} shows {example} as it is");
    }
}

// ---------------------------------------------------------------------------------------------------
// Docs: the API reference, generated: Doxygen over veloz.h and veloz.hpp (artifacts/docs/c), docfx over the
// compiled VeloZ.Core and its XML docs (artifacts/docs/csharp), pydoc over the Python package
// (artifacts/docs/python), and artifacts/docs/index.html linking the three. The checks (every export, every public
// C# type and member, every public Python name appears) run in Docs and in Test.
// ---------------------------------------------------------------------------------------------------

string DocsDir => At("artifacts", "docs");
string CoreDll(string framework) => At("src", "Core", "bin", Configuration, framework, "VeloZ.Core.dll");
string[] PythonDocModules = new[] { "veloz", "veloz.book", "veloz.depth_book", "veloz.histogram", "veloz.clock", "veloz.timesync", "veloz.book_types", "veloz.errors", "veloz.lobster" };

void GenerateDocs()
{
    if (System.IO.Directory.Exists(DocsDir))
        System.IO.Directory.Delete(DocsDir, recursive: true);
    var cDocs = System.IO.Path.Combine(DocsDir, "c");
    System.IO.Directory.CreateDirectory(cDocs);
    RunChecked("doxygen", new[] { "docs/api/Doxyfile" }, new Dictionary<string, string> { ["VELOZ_VERSION"] = VelozVersion(), ["VELOZ_DOCS"] = cDocs });

    // docfx reads the compiled assembly (with its XML docs) of the library's framework: no MSBuild workspace.
    RunChecked("dotnet", new[] { "build", "src/Core", "-c", Configuration, "-nologo", "-f", NativeFramework() });
    var metadata = At("docs", "api", "reference");
    if (System.IO.Directory.Exists(metadata))
        System.IO.Directory.Delete(metadata, recursive: true);
    RunChecked("dotnet", new[] { "docfx", "docs/api/docfx.json", "--warningsAsErrors" });

    var pythonDocs = System.IO.Path.Combine(DocsDir, "python");
    System.IO.Directory.CreateDirectory(pythonDocs);
    var environment = LibraryEnvironment();
    environment["PYTHONPATH"] = At("bindings", "python");
    RunChecked(Python, new[] { "-m", "pydoc", "-w" }.Concat(PythonDocModules), environment, workingDirectory: pythonDocs);

    var version = VelozVersion();
    System.IO.File.WriteAllText(System.IO.Path.Combine(DocsDir, "index.html"), string.Join("\n", new[]
    {
        "<!DOCTYPE html>",
        "<html lang=\"en\"><head><meta charset=\"utf-8\"><title>VeloZ " + version + " API reference</title></head>",
        "<body>",
        "<h1>VeloZ " + version + " API reference</h1>",
        "<p>Generated by <code>dotnet cake --target=Docs</code> from the sources: the comments of the C API are the XML docs of",
        "<code>src/Interop</code> (through the generated <code>veloz.h</code>), those of C# the XML docs of <code>src/Core</code>.</p>",
        "<ul>",
        "<li><a href=\"c/html/veloz_8h.html\">C API: veloz.h</a> and <a href=\"c/html/namespaceveloz.html\">C++ wrapper: veloz.hpp</a> (<a href=\"c/html/index.html\">Doxygen</a>)</li>",
        "<li><a href=\"csharp/index.html\">C#: VeloZ.Core</a> (docfx)</li>",
        "<li><a href=\"python/veloz.html\">Python: the veloz package</a> (pydoc; also <code>help(veloz.Book)</code>)</li>",
        "</ul>",
        "</body></html>",
        "",
    }));
    Information("API reference: {0}", Relative(System.IO.Path.Combine(DocsDir, "index.html")));
}

// Every veloz_* export, every public C# type and member, every public Python name: each must appear in the pages.
void CheckDocs(SuiteResult suite)
{
    var links = Regex.Matches(System.IO.File.ReadAllText(System.IO.Path.Combine(DocsDir, "index.html")), "href=\"(?<page>[^\"]+)\"")
        .Select(m => m.Groups["page"].Value).ToList();
    var broken = links.Where(page => !System.IO.File.Exists(System.IO.Path.Combine(DocsDir, page))).ToList();
    Expect(suite, links.Count > 0 && broken.Count == 0, $"artifacts/docs/index.html: its {links.Count} links lead to pages" + (broken.Count > 0 ? ": broken " + string.Join(", ", broken) : ""));
    var cHeaderPage = System.IO.File.ReadAllText(System.IO.Path.Combine(DocsDir, "c", "html", "veloz_8h.html"));
    var exports = RunChecked("nm", new[] { "-D", "--defined-only", LibVelozReal }, echo: false).Output
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(f => f.Length == 3 && f[1] != "A")
        .Select(f => f[2].Split('@')[0])
        .OrderBy(n => n, StringComparer.Ordinal)
        .ToList();
    var undocumented = exports.Where(name => !cHeaderPage.Contains($"</span>{name}()</h2>")).ToList();
    Expect(suite, exports.Count > 0 && undocumented.Count == 0, $"Doxygen: all {exports.Count} exports of libveloz.so have their section in veloz.h's page"
        + (undocumented.Count > 0 ? ": missing " + string.Join(", ", undocumented) : ""));
    foreach (var cppClass in new[] { "book", "depth_book", "histogram", "time_sync", "error" })
        Expect(suite, System.IO.File.Exists(System.IO.Path.Combine(DocsDir, "c", "html", $"classveloz_1_1{cppClass.Replace("_", "__")}.html")), $"Doxygen: veloz::{cppClass} has its page");

    // C#: the net10.0 build of the same source, loaded here for reflection only (Core references nothing but the BCL).
    var core = System.Reflection.Assembly.LoadFile(CoreDll(HostFramework()));
    var flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly;
    var missing = new List<string>();
    int types = 0, members = 0;
    foreach (var type in core.GetExportedTypes())
    {
        types++;
        // docfx names a generic type's page with a dash for the arity: VeloZ.Queues.SpscQueue`1 -> VeloZ.Queues.SpscQueue-1.html.
        var page = System.IO.Path.Combine(DocsDir, "csharp", "reference", type.FullName.Replace('+', '.').Replace('`', '-') + ".html");
        if (!System.IO.File.Exists(page)) { missing.Add(type.FullName); continue; }
        var html = System.IO.File.ReadAllText(page);
        foreach (var member in type.GetMembers(flags))
        {
            if (member is System.Reflection.MethodInfo method && method.IsSpecialName) continue; // property accessors, operators
            if (member is System.Reflection.ConstructorInfo && type.IsEnum) continue;
            if (type.IsEnum && member.Name == "value__") continue;
            members++;
            var name = member is System.Reflection.ConstructorInfo ? type.Name.Split('`')[0] : member.Name;
            if (!html.Contains(name)) missing.Add(type.FullName + "." + member.Name);
        }
    }
    Expect(suite, types > 0 && missing.Count == 0, $"docfx: all {types} public types of VeloZ.Core have a page naming their {members} public members"
        + (missing.Count > 0 ? ": missing " + string.Join(", ", missing.Take(20)) : ""));

    var pythonIndex = System.IO.File.ReadAllText(System.IO.Path.Combine(DocsDir, "python", "veloz.html"));
    var names = RunChecked(Python, new[] { "-c", "import veloz; print(' '.join(veloz.__all__))" }, LibraryEnvironment(), echo: false).Output.LastOrDefault()?.Split(' ') ?? Array.Empty<string>();
    var absent = names.Where(n => !pythonIndex.Contains(n)).ToList();
    Expect(suite, names.Length > 0 && absent.Count == 0, $"pydoc: all {names.Length} names of veloz.__all__ appear in veloz.html" + (absent.Count > 0 ? ": missing " + string.Join(", ", absent) : ""));
    foreach (var module in PythonDocModules)
        Expect(suite, System.IO.File.Exists(System.IO.Path.Combine(DocsDir, "python", module + ".html")), $"pydoc: {module}.html");
}

Task("Docs")
    .Description("The API reference under artifacts/docs (Doxygen for C/C++, docfx for C#, pydoc for Python) and its checks.")
    .IsDependentOn("Bootstrap")
    .IsDependentOn("Native")
    .Does(() =>
{
    RunSuite("API reference (artifacts/docs: Doxygen, docfx, pydoc)", suite => { GenerateDocs(); CheckDocs(suite); return suite.Failed == 0; });
    Require(suites.All(s => s.Ok), "Docs: the API reference is incomplete (see the checks above)");
});

void RunPackageSuites()
{
    RunSuite("Python wheel (pip install into a fresh venv, outside the tree)", suite => { TestWheel(suite); return suite.Failed == 0; });
    RunSuite("NuGet package (local feed into a new console project: JIT, then Native AOT)", suite => { TestNuGet(suite); return suite.Failed == 0; });
    RunSuite("Release archive (unpacked outside the tree: C via pkg-config, C++ via find_package)", suite => { TestArchive(suite); return suite.Failed == 0; });
    RunSuite("README examples (the programs under examples/, shown as they are)", suite => { TestReadmeExamples(suite); return suite.Failed == 0; });
    RunSuite("API reference (artifacts/docs: Doxygen, docfx, pydoc)", suite => { GenerateDocs(); CheckDocs(suite); return suite.Failed == 0; });
}

Task("PackageTest")
    .Description("Only the package tests of Test (wheel, NuGet, archive, README examples, API reference), after Package.")
    .IsDependentOn("Package")
    .Does(() =>
{
    RunPackageSuites();
    if (suites.Any(s => !s.Ok))
        throw new CakeException("PackageTest: failing suites: " + string.Join("; ", suites.Where(s => !s.Ok).Select(s => s.Name + (s.Note.Length > 0 ? " (" + s.Note + ")" : ""))));
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
    .Description("Every test: C#, the C ABI from C and C++, Python, and the packages installed outside the tree. Fails if any suite fails.")
    .IsDependentOn("Bootstrap")
    .IsDependentOn("Build")
    .IsDependentOn("Native")
    .IsDependentOn("Header")
    .IsDependentOn("Package")
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
        PythonWith("Python tests", "pytest", "numpy");
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

    RunPackageSuites();

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
    // The order books: LOBSTER and matching flows against a std::map book, then the paced latency run; the queues:
    // throughput against the C++ peers, then the ping-pong round trips; the pools and the arena against the
    // allocators, then the tails of single rents; the timer wheel against std::multimap, a lazy-cancel heap and boost.heap.
    foreach (var tool in new[] { "veloz_book_bench", "veloz_book_latency", "veloz_queue_bench", "veloz_queue_latency", "veloz_memory_bench", "veloz_memory_latency", "veloz_timer_bench", "veloz_loop_bench" })
    {
        var path = System.IO.Path.Combine(CppBuildDir, tool);
        Require(System.IO.File.Exists(path), $"build/cpp/{tool} was not built by bindings/cpp");
        RunChecked(path, Array.Empty<string>(), LibraryEnvironment());
    }
    foreach (var script in new[] { "bench_histogram.py", "bench_book.py", "bench_queues.py", "bench_memory.py", "bench_timers.py", "bench_loop.py" })
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
        Console.WriteLine($"  {(s.Ok ? "ok  " : "FAIL")}  {s.Name}: {s.Passed} passed, {s.Failed} failed{skipped} ({s.Elapsed.TotalSeconds:F0} s){note}");
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
