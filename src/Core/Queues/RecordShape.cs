using System.Runtime.CompilerServices;

namespace VeloZ.Queues;

/// <summary>
/// What the rings (<see cref="SpscRing{TShape}"/>, <see cref="MpmcRing{TShape}"/>) know of a record: its size and
/// how to copy it. The rings are generic over a struct of this interface, so the JIT compiles each ring once per
/// shape: for <see cref="TypedRecord{T}"/> the size is a constant and a copy is one typed load and store; for
/// <see cref="ByteRecord"/> (the C ABI's records, sized at creation) a copy is a block copy of that size.
/// The ring algorithm is written once for both.
/// </summary>
internal interface IRecordShape
{
    /// <summary>Bytes per record.</summary>
    int Size { get; }

    /// <summary>Copies one record from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    void Copy(ref byte destination, ref byte source);
}

/// <summary>The records of a typed queue: one <typeparamref name="T"/> each.</summary>
internal readonly struct TypedRecord<T> : IRecordShape where T : unmanaged
{
    public int Size
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Unsafe.SizeOf<T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Copy(ref byte destination, ref byte source) =>
        // Slots are not aligned to sizeof(T) for every T (12-byte structs), so unaligned access; free on x64 and arm64.
        Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<T>(ref source));
}

/// <summary>The records of a byte-record queue: a size fixed at creation.</summary>
internal readonly struct ByteRecord(int size) : IRecordShape
{
    private readonly int _size = size;

    public int Size
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _size;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Copy(ref byte destination, ref byte source) => Unsafe.CopyBlockUnaligned(ref destination, ref source, (uint)_size);
}
