namespace VeloZ.Interop;

/// <summary>Opaque handle of a per-venue exchange-time estimator (Core: <c>VeloZ.Time.TimeSync</c>).</summary>
[CType("veloz_time_sync", Opaque = true)]
public struct TimeSyncHandle
{
}
