namespace VeloZ.Interop;

/// <summary>
/// A bounded lock-free queue of fixed-size records between one producer thread and one consumer thread (opaque).
/// Records are copied in and out; their size (record_size) is fixed at creation.
/// </summary>
[CType("veloz_spsc", Opaque = true)]
public struct SpscHandle
{
}

/// <summary>
/// A bounded queue of fixed-size records for any number of producer and consumer threads (opaque). Records are
/// copied in and out; their size (record_size) is fixed at creation.
/// </summary>
[CType("veloz_mpmc", Opaque = true)]
public struct MpmcHandle
{
}
