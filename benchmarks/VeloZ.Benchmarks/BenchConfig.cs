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
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
}
