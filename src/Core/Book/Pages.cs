using System;
using System.Runtime.CompilerServices;

namespace VeloZ.Book;

/// <summary>
/// Maps the pages of newly allocated storage now, at construction, instead of on the first command that
/// reaches them: the runtime hands out large arrays on pages fresh from the OS without writing to them,
/// so without this the first commands of a new book pay hundreds of page faults (tens of microseconds
/// each under load) on the hot path. Preallocated storage should be really allocated.
/// </summary>
internal static class Pages
{
    private const int PageSize = 4096;

    /// <summary>Writes the (default) value of one element in every page of a new array.</summary>
    public static void Touch<T>(T[] array)
        where T : struct
    {
        int stride = Math.Max(1, PageSize / Unsafe.SizeOf<T>());
        for (int i = 0; i < array.Length; i += stride) array[i] = default;
        if (array.Length > 0) array[^1] = default;
    }
}
