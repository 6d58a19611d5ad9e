
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// The durable operations the lifecycle needs. Each call except <see cref="UtcNow"/> and
/// <see cref="ReportStatus"/> is one sequential durable action whose result a host journals, so
/// replaying the journal reproduces the run.
/// </summary>
public interface ILifecyclePort
{
    /// <summary>Replay-safe current time: the time of the last completed durable action.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Runs a side-effect step (with the host's retry policy). Throws <see cref="StepFailedException"/> when it finally fails.</summary>
    Task<TResult> RunAsync<TInput, TResult>(Step<TInput, TResult> step, TInput input)
        where TInput : IStepInput;

    /// <summary>Waits for the call's end until <paramref name="deadline"/>; returns a <see cref="CallEndSource.Deadline"/> end when none came.</summary>
    Task<CallEnd> WaitForCallEndAsync(DateTimeOffset deadline);

    /// <summary>Durable sleep until <paramref name="wakeAt"/>.</summary>
    Task SleepUntilAsync(DateTimeOffset wakeAt);

    /// <summary>Calls the callback pool and waits for its result. Throws <see cref="PoolOperationFailedException"/> when the operation fails.</summary>
    Task<TResult> CallPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input);

    /// <summary>Signals the callback pool (one-way).</summary>
    Task SignalPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input);

    /// <summary>Publishes the operator-facing status. Not a durable action.</summary>
    void ReportStatus(LifecycleStatus status);
}
