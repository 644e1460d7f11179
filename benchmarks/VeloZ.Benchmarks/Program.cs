using BenchmarkDotNet.Running;

namespace VeloZ.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter '*Clock*'</c> (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchConfig.Create());
}
