using System;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using VeloZ.Memory;

namespace VeloZ.Benchmarks.Memory;

/// <summary>
/// The arena's bump allocation against malloc and the GC, one thread, 64-byte allocations, 1,000 per invocation; a
/// row's Mean is the cost of one allocation, its share of the release included. <c>Arena_allocate</c> calls
/// Allocate(64, 16) 1,000 times then Reset; <c>Arena_allocateBatch</c> gets the same 1,000 pointers from one
/// AllocateBatch, then Reset. 64,000 bytes fit the arena's first 64 KiB chunk, so after the first invocation neither
/// row allocates memory: Allocated must read 0 B. Peers in the same run: NativeMemory.Alloc/Free pairs (the baseline:
/// each allocation freed at once, malloc's best case), the same 1,000 allocations all live before 1,000 frees (the
/// arena's lifetime shape, all alive until the release), and <c>new byte[64]</c> kept alive in an array until the end
/// of the invocation (the GC's release is dropping them; the cost of collecting them shows in Gen0 and the Mean).
/// </summary>
public unsafe class ArenaBenchmarks
{
    private const int Ops = 1000;
    private const int Size = 64;

    private Arena _arena = null!;
    private readonly nint[] _blocks = new nint[Ops];
    private readonly byte[][] _arrays = new byte[Ops][];

    [GlobalSetup]
    public void Setup() => _arena = new Arena(new ArenaConfig { Name = "bench" });

    [GlobalCleanup]
    public void Cleanup() => _arena.Dispose();

    [Benchmark(OperationsPerInvoke = Ops)]
    public long Arena_allocate()
    {
        Arena arena = _arena;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += (long)arena.Allocate(Size, 16);
        arena.Reset();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public nint Arena_allocateBatch()
    {
        Arena arena = _arena;
        arena.AllocateBatch(Size, 16, _blocks);
        arena.Reset();
        return _blocks[Ops - 1];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops)]
    public long NativeAlloc_peer_pair()
    {
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            void* block = NativeMemory.Alloc(Size);
            sum += (long)block;
            NativeMemory.Free(block);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void NativeAlloc_peer_burst()
    {
        nint[] blocks = _blocks;
        for (int i = 0; i < blocks.Length; i++)
            blocks[i] = (nint)NativeMemory.Alloc(Size);
        for (int i = 0; i < blocks.Length; i++)
            NativeMemory.Free((void*)blocks[i]);
    }

    [Benchmark(OperationsPerInvoke = Ops)]
    public void NewByteArray_peer()
    {
        byte[][] arrays = _arrays;
        for (int i = 0; i < arrays.Length; i++)
            arrays[i] = new byte[Size];
        Array.Clear(arrays);
    }
}
