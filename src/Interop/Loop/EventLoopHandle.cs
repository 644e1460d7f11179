namespace VeloZ.Interop;

/// <summary>
/// An event loop (opaque): one thread runs it (the owner) and runs its tasks in priority order; any thread may post
/// tasks (a function and a context) and stop it.
/// </summary>
[CType("veloz_event_loop", Opaque = true)]
public struct EventLoopHandle
{
}
