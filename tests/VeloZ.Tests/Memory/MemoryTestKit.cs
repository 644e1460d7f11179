using System;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>FixedPool and ConcurrentPool behind one face, so every pool test runs on both.</summary>
public enum PoolKind
{
    Fixed,
    Concurrent,
}

internal sealed unsafe class AnyPool : IDisposable
{
    private readonly FixedPool? _fixed;
    private readonly ConcurrentPool? _concurrent;

    public AnyPool(PoolKind kind, in PoolConfig config)
    {
        if (kind == PoolKind.Fixed)
            _fixed = new FixedPool(config);
        else
            _concurrent = new ConcurrentPool(config);
    }

    public IMemorySource Source => (IMemorySource?)_fixed ?? _concurrent!;

    public PoolResult TryRent(out void* block) => _fixed is not null ? _fixed.TryRent(out block) : _concurrent!.TryRent(out block);

    public PoolResult TryReturn(void* block) => _fixed is not null ? _fixed.TryReturn(block) : _concurrent!.TryReturn(block);

    public int RentBatch(Span<nint> blocks) => _fixed is not null ? _fixed.RentBatch(blocks) : _concurrent!.RentBatch(blocks);

    public int ReturnBatch(ReadOnlySpan<nint> blocks, out PoolResult result) =>
        _fixed is not null ? _fixed.ReturnBatch(blocks, out result) : _concurrent!.ReturnBatch(blocks, out result);

    public bool IsRented(void* block) => _fixed is not null ? _fixed.IsRented(block) : _concurrent!.IsRented(block);

    public PoolStatistics Statistics => _fixed is not null ? _fixed.Statistics : _concurrent!.Statistics;

    public void Dispose()
    {
        _fixed?.Dispose();
        _concurrent?.Dispose();
    }
}

internal static class MemoryTestKit
{
    public static int Seed()
    {
        string? fixedSeed = Environment.GetEnvironmentVariable("VELOZ_TEST_SEED");
        int seed = fixedSeed is not null ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        TestContext.Out.WriteLine($"seed {seed} (replay with VELOZ_TEST_SEED={seed})");
        return seed;
    }
}
