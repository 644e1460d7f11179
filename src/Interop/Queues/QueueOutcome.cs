using System.Runtime.CompilerServices;
using VeloZ.Queues;

namespace VeloZ.Interop;

/// <summary>
/// Maps a queue operation's <see cref="QueueResult"/> to its status: Full -> VELOZ_E_FULL, Empty -> VELOZ_E_EMPTY,
/// Closed -> VELOZ_E_STATE. These are normal outcomes on a hot path (a consumer polling an empty queue), so they do
/// not throw and allocate nothing: the values are recorded and the message is formatted only if the caller asks for
/// it (<see cref="LastError.SetDeferred"/>).
/// </summary>
internal static class QueueOutcome
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Status ToStatus(QueueResult result, int capacity, long timeoutNs = 0, [CallerMemberName] string function = "") =>
        result == QueueResult.Ok ? Status.Ok : Fail(result, capacity, timeoutNs, function);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe Status Fail(QueueResult result, int capacity, long timeoutNs, string function)
    {
        var values = new DeferredError { Function = function, Code = (int)result, A = capacity, B = timeoutNs };
        Status status = result switch
        {
            QueueResult.Full => Status.EFull,
            QueueResult.Empty => Status.EEmpty,
            QueueResult.Closed => Status.EState,
            _ => Status.EInternal,
        };
        return LastError.SetDeferred(status, &Format, in values);
    }

    private static string Format(in DeferredError e)
    {
        string waited = e.B == 0 ? "" : e.B < 0 ? " (waited without a limit)" : $" after waiting timeout_ns {e.B}";
        return (QueueResult)e.Code switch
        {
            QueueResult.Full => $"{e.Function}: the queue is full ({e.A} records){waited}",
            QueueResult.Empty => $"{e.Function}: the queue is empty{waited}",
            QueueResult.Closed => e.Function.Contains("push", System.StringComparison.Ordinal)
                ? $"{e.Function}: the queue is closed: pushes are refused"
                : $"{e.Function}: the queue is closed and every record pushed before the close has been popped",
            _ => $"{e.Function}: the queue returned an unknown result {e.Code}",
        };
    }
}
