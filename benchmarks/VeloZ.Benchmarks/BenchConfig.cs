using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace VeloZ.Benchmarks;

/// <summary>
/// Shared configuration. BenchmarkDotNet 0.14 (the version VeloZ.Benchmarks.csproj references) does not
/// know the net10.0 moniker, so benchmarks run in-process; MemoryDiagnoser proves zero allocation.
/// </summary>
public static class BenchConfig
{
    /// <summary>
    /// The default job, or with VELOZ_BENCH_SHORT=1 BenchmarkDotNet's ShortRun (3 iterations: a quick look whose
    /// ratios hold but whose error bars are wide). Both in-process. (BenchmarkDotNet's own --job short would add a
    /// second job beside this one rather than replace it.)
    /// </summary>
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob((System.Environment.GetEnvironmentVariable("VELOZ_BENCH_SHORT") == "1" ? Job.ShortRun : Job.Default)
            .WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
}
