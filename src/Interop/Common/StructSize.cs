using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Interop;

/// <summary>
/// The struct_size rule every config and out struct follows (DESIGN rule 6): a caller compiled against an
/// older header passes a smaller struct, so the library reads and writes only the fields that fit.
/// </summary>
internal static unsafe class StructSize
{
    /// <summary>A struct_size above this is a caller bug (garbage in the field), not a newer header.</summary>
    public const uint Max = 4096;

    /// <summary>Whether <paramref name="field"/> lies wholly within the first <paramref name="structSize"/> bytes of the struct at <paramref name="start"/>.</summary>
    public static bool Fits(uint structSize, void* start, void* field, int fieldSize) =>
        (ulong)((byte*)field - (byte*)start) + (ulong)fieldSize <= structSize;

    /// <summary>Copies the first min(<paramref name="size"/>, sizeof(T)) bytes of <paramref name="source"/> to the caller's struct.</summary>
    public static void CopyOut<T>(T* source, T* destination, uint size) where T : unmanaged =>
        Unsafe.CopyBlockUnaligned(destination, source, Math.Min(size, (uint)sizeof(T)));
}
