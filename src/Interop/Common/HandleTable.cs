using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace VeloZ.Interop;

/// <summary>
/// Maps the opaque pointers handed to C to Core objects (docs/DESIGN.md rule 6). A handle is not an address:
/// it encodes a slot, the slot's generation and the object's type tag, so a NULL, destroyed or
/// wrong-type handle is detected by comparing integers, never by dereferencing freed memory.
/// Layout of the 64-bit value: [tag:8][generation:24][slot+1:32]. Lookup is lock-free; create and
/// destroy take a lock (they are not hot).
/// Each slot also records its owner thread (docs/DESIGN.md rule 8): the first thread that made an owner-only call.
/// The check on every such call asks whether the caller's stack pointer lies in the owner's stack: one subtract and
/// one compare, no thread-local read (in a shared library every thread-local read is a call to __tls_get_addr).
/// A caller outside that range takes the slow path, which compares managed thread ids under the lock, so an owner
/// running on a stack of its own (a fiber) is still recognised, only slower. <see cref="SharedOwner"/> turns the
/// check off for callers that serialize.
/// </summary>
internal static unsafe class HandleTable
{
    private const int MaxSlots = 1 << 20;

    private static readonly object s_gate = new();
    private static object?[] s_objects = new object?[64];
    // Per slot: (generation << 8) | tag, 0 when the slot is free. Read lock-free by lookups.
    private static uint[] s_stamps = new uint[64];
    private static Owner[] s_owners = new Owner[64];
    private static int[] s_freeSlots = new int[64];
    private const int SharedOwner = -1;
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
            s_owners[slot] = default;
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

    /// <summary>
    /// <see cref="Get{T}"/> for owner-only calls: <paramref name="foreignOwner"/> is 0 when the calling thread owns the
    /// object (or has just become its first owner, or the object is shared), else the owner's OS thread id.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? GetOwned<T>(nint handle, HandleTag tag, out int foreignOwner) where T : class
    {
        foreignOwner = 0;
        T? target = Get<T>(handle, tag);
        if (target is null)
            return null;
        int slot = (int)(uint)(ulong)handle - 1;
        // Get proved the slot is below the stamps' length; owners grows first, so it is at least as long.
        ref Owner owner = ref Volatile.Read(ref s_owners)[slot];
        // Size before base (Claim writes them in the other order): a size of 0 (unowned) never matches.
        nuint size = Volatile.Read(ref owner.StackSize);
        byte probe = 0;
        if ((nuint)(&probe) - owner.StackLow >= size && Volatile.Read(ref owner.ManagedId) != SharedOwner)
            foreignOwner = Claim(slot);
        return target;
    }

    // Not on the owner's stack: become the owner if nobody is, else compare managed ids (an owner on a fiber's
    // stack), else report who owns it. Under the lock, like Grow, so a claim is never made in an array that Grow
    // has already copied (claims happen once per object and thread, never on a hot path).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Claim(int slot)
    {
        int me = Environment.CurrentManagedThreadId;
        lock (s_gate)
        {
            ref Owner owner = ref s_owners[slot];
            if (owner.ManagedId == 0)
            {
                OsThread.GetStack(out nuint low, out nuint size);
                owner.OsThread = OsThread.CurrentId;
                owner.ManagedId = me;
                owner.StackLow = low;
                Volatile.Write(ref owner.StackSize, size);
                return 0;
            }
            if (owner.ManagedId == me || owner.ManagedId == SharedOwner)
                return 0;
            return owner.OsThread;
        }
    }

    /// <summary>
    /// veloz_handle_release_owner: the owner (or any thread while nobody owns it) gives the object up, so the next
    /// thread to make an owner-only call becomes its owner. Null when the handle is not live; otherwise 0, or the
    /// OS thread id of another thread that owns it (nothing changed).
    /// </summary>
    public static int? ReleaseOwner(nint handle)
    {
        lock (s_gate)
        {
            if (!TryLiveSlot(handle, out int slot))
                return null;
            ref Owner owner = ref s_owners[slot];
            if (owner.ManagedId != 0 && owner.ManagedId != Environment.CurrentManagedThreadId && owner.ManagedId != SharedOwner)
                return owner.OsThread;
            if (owner.ManagedId != SharedOwner)
            {
                Volatile.Write(ref owner.StackSize, 0);
                owner = default;
            }
            return 0;
        }
    }

    /// <summary>veloz_handle_share: turns the owner check of the object off for good. False when the handle is not live.</summary>
    public static bool Share(nint handle)
    {
        lock (s_gate)
        {
            if (!TryLiveSlot(handle, out int slot))
                return false;
            ref Owner owner = ref s_owners[slot];
            Volatile.Write(ref owner.StackSize, 0);
            Volatile.Write(ref owner.ManagedId, SharedOwner);
            return true;
        }
    }

    private static bool TryLiveSlot(nint handle, out int slot)
    {
        ulong value = (ulong)handle;
        slot = (int)(uint)value - 1;
        var tag = (HandleTag)(byte)(value >> 56);
        return tag != HandleTag.None && Get<object>(handle, tag) is not null;
    }

    // Who owns a slot's object. StackSize is 0 while nobody owns it, when it is shared, or when the owner's stack
    // bounds are unknown (then every call takes the managed-id compare in Claim).
    private struct Owner
    {
        public nuint StackLow;
        public nuint StackSize;
        // 0 while nobody owns it, SharedOwner when the caller serializes, else the owner's managed thread id.
        public int ManagedId;
        // The owner's OS thread id, for messages only.
        public int OsThread;
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
            s_owners[slot] = default;
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
        var owners = new Owner[size];
        Array.Copy(s_owners, owners, s_owners.Length);
        // Owners and objects first: a reader that sees the new stamps array also sees the new objects array.
        Volatile.Write(ref s_owners, owners);
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
    Spsc = 5,
    Mpmc = 6,
    Pool = 7,
    ConcurrentPool = 8,
    Arena = 9,
    TimerWheel = 10,
    EventLoop = 11,
    // Later components append here; never renumber.
}
