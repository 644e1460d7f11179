using System;
using System.Buffers;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.ObjectPool;
using VeloZ.Memory;

namespace VeloZ.Benchmarks.Memory;

/// <summary>
/// The block pools against the allocators a .NET program would otherwise use, one thread, blocks of
/// <see cref="Size"/> bytes. Two shapes, each row's Mean the cost of one rent plus one return:
/// <list type="bullet">
/// <item><c>Pair</c>: rent a block and return it at once, 1,000 times per invocation (the block is always the one just
/// returned, hot in cache: the best case of every allocator).</item>
/// <item><c>Burst</c>: 1,000 rents, their pointers kept in an array, then the 1,000 returns in the order rented (1,000
/// blocks live at once: what an allocator does once it has to hand out more than its per-thread cache).</item>
/// </list>
/// Ours: <see cref="FixedPool"/> (one thread, no synchronization) and <see cref="ConcurrentPool"/> (lock-free, here
/// uncontended), each created with 1,024 blocks of 16-byte alignment so no row grows it, and in Burst also through
/// RentBatch/ReturnBatch. Peers in the same run: NativeMemory.Alloc/Free (malloc/free; the baseline of each shape),
/// NativeMemory.AlignedAlloc/AlignedFree at 64 (a cache line), <c>new byte[Size]</c> (the GC; Allocated shows its
/// bytes, and the cost of collecting them lands in the Gen0 column and the Mean), ArrayPool&lt;byte&gt;.Shared (its
/// thread-local slot serves Pair; a burst of 1,000 drains its per-core stacks and falls back to allocating),
/// ArrayPool&lt;byte&gt;.Create sized to hold 1,000 arrays, and Microsoft.Extensions.ObjectPool's
/// DefaultObjectPool&lt;byte[]&gt; (NuGet 9.0.0) retaining up to 1,024. No row writes into the block: the rows measure
/// the allocator, not the use. Allocated must read 0 B for every FixedPool and ConcurrentPool row.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class PoolBenchmarks
{
    private const int Ops = 1000;
    private const int Capacity = 1024;

    /// <summary>Bytes per block.</summary>
    [Params(64, 256)]
    public int Size { get; set; }

    private FixedPool _fixed = null!;
    private ConcurrentPool _concurrent = null!;
    private ArrayPool<byte> _arrayPool = null!;
    private DefaultObjectPool<byte[]> _objectPool = null!;
    private readonly nint[] _blocks = new nint[Ops];
    private readonly byte[][] _arrays = new byte[Ops][];

    private sealed class BufferPolicy(int size) : PooledObjectPolicy<byte[]>
    {
        public override byte[] Create() => new byte[size];
        public override bool Return(byte[] obj) => true;
    }

    [GlobalSetup]
    public void Setup()
    {
        var config = new PoolConfig(Size) { InitialBlocks = Capacity, MaxBlocks = Capacity, Name = "bench" };
        _fixed = new FixedPool(config);
        _concurrent = new ConcurrentPool(config);
        _arrayPool = ArrayPool<byte>.Create(maxArrayLength: Size, maxArraysPerBucket: Capacity);
        _objectPool = new DefaultObjectPool<byte[]>(new BufferPolicy(Size), Capacity);
        // Fill the peers' pools once, so the first measured burst does not pay for creating their arrays.
        for (int i = 0; i < Ops; i++)
            _arrays[i] = _arrayPool.Rent(Size);
        for (int i = 0; i < Ops; i++)
            _arrayPool.Return(_arrays[i]);
        for (int i = 0; i < Ops; i++)
            _arrays[i] = _objectPool.Get();
        for (int i = 0; i < Ops; i++)
            _objectPool.Return(_arrays[i]);
        Array.Clear(_arrays);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fixed.Dispose();
        _concurrent.Dispose();
    }

    // ---- Pair: rent, return, 1,000 times -------------------------------------------------------

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Pair")]
    public long FixedPool_pair()
    {
        FixedPool pool = _fixed;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            pool.TryRent(out void* block);
            sum += (long)pool.TryReturn(block);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Pair")]
    public long ConcurrentPool_pair()
    {
        ConcurrentPool pool = _concurrent;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            pool.TryRent(out void* block);
            sum += (long)pool.TryReturn(block);
        }
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Pair")]
    public long NativeAlloc_peer_pair()
    {
        nuint size = (nuint)Size;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            void* block = NativeMemory.Alloc(size);
            sum += (long)block;
            NativeMemory.Free(block);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Pair")]
    public long NativeAlignedAlloc64_peer_pair()
    {
        nuint size = (nuint)Size;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            void* block = NativeMemory.AlignedAlloc(size, 64);
            sum += (long)block;
            NativeMemory.AlignedFree(block);
        }
        return sum;
    }

    /// <summary>The GC's allocation: no return, the collector reclaims the array (its cost shows in Gen0 and the Mean).</summary>
    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Pair")]
    public byte[] NewByteArray_peer_pair()
    {
        int size = Size;
        byte[] last = [];
        for (int i = 0; i < Ops; i++)
            last = new byte[size];   // returned at the end: the allocation escapes, the JIT cannot elide it
        return last;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Pair")]
    public long ArrayPoolShared_peer_pair()
    {
        ArrayPool<byte> pool = ArrayPool<byte>.Shared;
        int size = Size;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            byte[] array = pool.Rent(size);
            sum += array.Length;
            pool.Return(array);
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Pair")]
    public long ObjectPool_peer_pair()
    {
        DefaultObjectPool<byte[]> pool = _objectPool;
        long sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            byte[] array = pool.Get();
            sum += array.Length;
            pool.Return(array);
        }
        return sum;
    }

    // ---- Burst: 1,000 rents, then 1,000 returns -------------------------------------------------

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void FixedPool_burst()
    {
        FixedPool pool = _fixed;
        nint[] blocks = _blocks;
        for (int i = 0; i < blocks.Length; i++)
        {
            pool.TryRent(out void* block);
            blocks[i] = (nint)block;
        }
        for (int i = 0; i < blocks.Length; i++)
            pool.TryReturn((void*)blocks[i]);
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public int FixedPool_batch_burst()
    {
        int rented = _fixed.RentBatch(_blocks);
        return rented + _fixed.ReturnBatch(_blocks, out _);
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void ConcurrentPool_burst()
    {
        ConcurrentPool pool = _concurrent;
        nint[] blocks = _blocks;
        for (int i = 0; i < blocks.Length; i++)
        {
            pool.TryRent(out void* block);
            blocks[i] = (nint)block;
        }
        for (int i = 0; i < blocks.Length; i++)
            pool.TryReturn((void*)blocks[i]);
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public int ConcurrentPool_batch_burst()
    {
        int rented = _concurrent.RentBatch(_blocks);
        return rented + _concurrent.ReturnBatch(_blocks, out _);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void NativeAlloc_peer_burst()
    {
        nuint size = (nuint)Size;
        nint[] blocks = _blocks;
        for (int i = 0; i < blocks.Length; i++)
            blocks[i] = (nint)NativeMemory.Alloc(size);
        for (int i = 0; i < blocks.Length; i++)
            NativeMemory.Free((void*)blocks[i]);
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void NativeAlignedAlloc64_peer_burst()
    {
        nuint size = (nuint)Size;
        nint[] blocks = _blocks;
        for (int i = 0; i < blocks.Length; i++)
            blocks[i] = (nint)NativeMemory.AlignedAlloc(size, 64);
        for (int i = 0; i < blocks.Length; i++)
            NativeMemory.AlignedFree((void*)blocks[i]);
    }

    /// <summary>1,000 arrays kept alive in an array, then dropped (the GC's "return"): the stores pay the write barrier.</summary>
    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void NewByteArray_peer_burst()
    {
        int size = Size;
        byte[][] arrays = _arrays;
        for (int i = 0; i < arrays.Length; i++)
            arrays[i] = new byte[size];
        Array.Clear(arrays);
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void ArrayPoolShared_peer_burst()
    {
        ArrayPool<byte> pool = ArrayPool<byte>.Shared;
        int size = Size;
        byte[][] arrays = _arrays;
        for (int i = 0; i < arrays.Length; i++)
            arrays[i] = pool.Rent(size);
        for (int i = 0; i < arrays.Length; i++)
            pool.Return(arrays[i]);
        Array.Clear(arrays);
    }

    /// <summary>An ArrayPool created to retain 1,024 arrays of this size, so the burst never falls back to allocating.</summary>
    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void ArrayPoolCreated_peer_burst()
    {
        ArrayPool<byte> pool = _arrayPool;
        int size = Size;
        byte[][] arrays = _arrays;
        for (int i = 0; i < arrays.Length; i++)
            arrays[i] = pool.Rent(size);
        for (int i = 0; i < arrays.Length; i++)
            pool.Return(arrays[i]);
        Array.Clear(arrays);
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Burst")]
    public void ObjectPool_peer_burst()
    {
        DefaultObjectPool<byte[]> pool = _objectPool;
        byte[][] arrays = _arrays;
        for (int i = 0; i < arrays.Length; i++)
            arrays[i] = pool.Get();
        for (int i = 0; i < arrays.Length; i++)
            pool.Return(arrays[i]);
        Array.Clear(arrays);
    }
}
