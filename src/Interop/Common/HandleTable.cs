using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace VeloZ.Interop;

/// <summary>
/// Maps the opaque pointers handed to C to Core objects (DESIGN rule 6). A handle is not an address:
/// it encodes a slot, the slot's generation and the object's type tag, so a NULL, destroyed or
/// wrong-type handle is detected by comparing integers, never by dereferencing freed memory.
/// Layout of the 64-bit value: [tag:8][generation:24][slot+1:32]. Lookup is lock-free; create and
/// destroy take a lock (they are not hot).
/// </summary>
internal static class HandleTable
{
    private const int MaxSlots = 1 << 20;

    private static readonly object s_gate = new();
    private static object?[] s_objects = new object?[64];
    // Per slot: (generation << 8) | tag, 0 when the slot is free. Read lock-free by lookups.
    private static uint[] s_stamps = new uint[64];
    private static int[] s_freeSlots = new int[64];
    private static int s_freeCount;
    private static int s_used;

    /// <summary>Registers <paramref name="target"/> and returns its handle value (never 0).</summary>
    public static nint Add(object target, HandleTag tag)
    {
        Debug.Assert(tag != HandleTag.None);
        lock (s_gate)
        {
            int slot;
            if (s_freeCount > 0)
            {
                slot = s_freeSlots[--s_freeCount];
            }
            else
            {
                if (s_used == MaxSlots)
                    throw new OutOfMemoryException($"too many live VeloZ objects (limit {MaxSlots})");
                if (s_used == s_objects.Length)
                    Grow();
                slot = s_used++;
            }
            uint generation = ((s_stamps[slot] >> 8) + 1) & 0xFFFFFF;
            if (generation == 0) generation = 1;
            s_objects[slot] = target;
            // Publish the object before the stamp so a lookup that sees the stamp sees the object.
            Volatile.Write(ref s_stamps[slot], (generation << 8) | (uint)tag);
            return (nint)(((ulong)tag << 56) | ((ulong)generation << 32) | (uint)(slot + 1));
        }
    }

    /// <summary>The object behind <paramref name="handle"/> if it is live and of type <paramref name="tag"/>; otherwise null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? Get<T>(nint handle, HandleTag tag) where T : class
    {
        ulong value = (ulong)handle;
        int slot = (int)(uint)value - 1;
        uint stamp = (uint)(value >> 32);
        // The handle stores tag in its top byte and generation below it; the table stores (generation << 8) | tag.
        uint expected = ((stamp & 0xFFFFFF) << 8) | (uint)tag;
        if ((stamp >> 24) != (uint)tag)
            return null;
        uint[] stamps = Volatile.Read(ref s_stamps);
        object?[] objects = Volatile.Read(ref s_objects);
        if ((uint)slot >= (uint)stamps.Length || (uint)slot >= (uint)objects.Length)
            return null;
        if (Volatile.Read(ref stamps[slot]) != expected)
            return null;
        // The tag check above proves the type; skip the cast check on the hot path.
        return Unsafe.As<T>(objects[slot]);
    }

    /// <summary>Unregisters <paramref name="handle"/>; returns the object, or null if the handle was not live with that tag.</summary>
    public static T? Remove<T>(nint handle, HandleTag tag) where T : class
    {
        lock (s_gate)
        {
            T? target = Get<T>(handle, tag);
            if (target is null)
                return null;
            int slot = (int)(uint)(ulong)handle - 1;
            // Keep the generation, clear the tag: the old handle can never match again.
            Volatile.Write(ref s_stamps[slot], s_stamps[slot] & ~0xFFu);
            s_objects[slot] = null;
            if (s_freeCount == s_freeSlots.Length)
                Array.Resize(ref s_freeSlots, s_freeSlots.Length * 2);
            s_freeSlots[s_freeCount++] = slot;
            return target;
        }
    }

    private static void Grow()
    {
        int size = s_objects.Length * 2;
        var objects = new object?[size];
        var stamps = new uint[size];
        Array.Copy(s_objects, objects, s_objects.Length);
        Array.Copy(s_stamps, stamps, s_stamps.Length);
        // Objects first: a reader that sees the new stamps array also sees the new objects array.
        Volatile.Write(ref s_objects, objects);
        Volatile.Write(ref s_stamps, stamps);
    }
}

/// <summary>Type tag of each exported object kind; 0 is never a live handle.</summary>
internal enum HandleTag : byte
{
    None = 0,
    TimeSync = 1,
    Histogram = 2,
    Book = 3,
    DepthBook = 4,
    // Later components append here; never renumber.
}
