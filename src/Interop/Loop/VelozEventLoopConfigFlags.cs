using System;

namespace VeloZ.Interop;

/// <summary>Options of an event loop, or-ed into <c>veloz_event_loop_config.flags</c>.</summary>
[Flags]
[CType("veloz_event_loop_config_flags", ConstantPrefix = "VELOZ_EVENT_LOOP_CONFIG_")]
public enum VelozEventLoopConfigFlags : int
{
    /// <summary>
    /// The thread that first runs the loop (run_once, run_for or run) is pinned to config->pin_cpu before it runs a
    /// task, as veloz_thread_pin does; a CPU that does not exist or is not allowed fails that call with
    /// VELOZ_E_INVALID_ARGUMENT and the loop runs nothing until a run succeeds.
    /// </summary>
    PinThread = 1,
}
