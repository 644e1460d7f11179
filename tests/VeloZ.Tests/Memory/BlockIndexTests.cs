using System;
using NUnit.Framework;
using VeloZ.Memory;

namespace VeloZ.Tests.Memory;

/// <summary>
/// The pools turn a pointer back into its block with a multiply and a shift instead of a division: the result must
/// be exact for every offset a chunk can hold (below 2^30) and every stride a config can give (8 .. 2^20).
/// </summary>
public sealed class BlockIndexTests
{
    private static readonly int[] s_blockSizes = { 1, 8, 12, 24, 40, 48, 64, 72, 100, 192, 255, 256, 1000, 4095, 4096, 4097, 65_535, 65_536, 1 << 20 };

    [TestCaseSource(nameof(s_blockSizes))]
    public void Offset_over_stride_is_exact_at_every_block_edge_and_at_the_top_of_a_1_GiB_chunk(int blockSize)
    {
        foreach (int alignment in new[] { 1, 8, 16, 64, 4096 })
        {
            var chunks = new BlockChunks(new PoolConfig(blockSize) { Alignment = alignment }, "pool");
            ulong stride = (ulong)chunks.Stride;
            const ulong limit = 1UL << 30;
            int failures = 0;
            ulong firstBad = 0;
            // Every block start, its neighbours, and the last offsets below 2^30.
            void Check(ulong offset)
            {
                if (offset >= limit)
                    return;
                if (chunks.BlockIndex((nuint)offset) != offset / stride && failures++ == 0)
                    firstBad = offset;
            }
            ulong step = Math.Max(stride, limit / 200_000 / stride * stride);
            for (ulong start = 0; start < limit; start += step)
            {
                Check(start);
                Check(start + 1);
                if (start > 0)
                    Check(start - 1);
            }
            for (ulong offset = limit - 4 * stride; offset < limit; offset++)
                Check(offset);
            Assert.That(failures, Is.Zero, $"block {blockSize} alignment {alignment} stride {stride}: first wrong offset {firstBad}");
        }
    }
}
