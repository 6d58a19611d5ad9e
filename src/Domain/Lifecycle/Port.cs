using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>A step input carries the key that makes a retried step a no-op.</summary>
public interface IStepInput
{
    /// <summary>Deterministic key derived from the instance and the step.</summary>
    string IdempotencyKey { get; }
}

/// <summary>A side-effect step (an activity in Durable Functions), typed by its input and result.</summary>
/// <param name="Name">The step's name: the activity function's name in every host.</param>
public sealed record Step<TInput, TResult>(string Name)
    where TInput : IStepInput;

/// <summary>An operation on the callback pool (an entity operation in Durable Functions).</summary>
/// <param name="Name">The operation's name: the entity method's name in every host.</param>
public sealed record PoolOperation<TInput, TResult>(string Name);

/// <summary>The lifecycle's side-effect steps; their names are the activity names.</summary>
public static class Steps
{
    /// <summary>Looks the agent up in the directory: the identity presence and callbacks use.</summary>
    public static Step<IdentifyAgentInput, AgentIdentityCheck> IdentifyAgent { get; } = new(nameof(IdentifyAgent));

    /// <summary>Sets Do Not Disturb and returns the presence to restore.</summary>
    public static Step<SetDoNotDisturbInput, PresenceSnapshot> SetDoNotDisturb { get; } = new(nameof(SetDoNotDisturb));

    /// <summary>Restores the previous presence, unless it changed since.</summary>
    public static Step<RestorePresenceInput, PresenceRestoreResult> RestorePresence { get; } = new(nameof(RestorePresence));

    /// <summary>Emails the agent's emergency contacts, once.</summary>
    public static Step<NotificationRequest, NotificationOutcome> SendNotification { get; } = new(nameof(SendNotification));

    /// <summary>Alerts operators.</summary>
    public static Step<OperatorAlert, StepDone> AlertOperators { get; } = new(nameof(AlertOperators));
}

/// <summary>The callback pool's operations; their names are the entity's method names.</summary>
public static class PoolOperations
{
    /// <summary>Leases (or reuses) a number.</summary>
    public static PoolOperation<LeaseRequest, LeaseOutcome> Lease { get; } = new(nameof(Lease));

    /// <summary>Moves one hold's end.</summary>
    public static PoolOperation<ExtendRequest, PoolChange> Extend { get; } = new(nameof(Extend));

    /// <summary>Releases one hold.</summary>
    public static PoolOperation<ReleaseRequest, PoolChange> Release { get; } = new(nameof(Release));
}

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

/// <summary>A step failed after the host's retries. Hosts translate their own failure type into this.</summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StepFailedException(string step, string reason)
        : base($"Step {step} failed: {reason}")
    {
        Step = step;
        Reason = reason;
    }

    /// <summary>Required for serialization-style construction; prefer the (step, reason) constructor.</summary>
    public StepFailedException()
        : this("unknown", "unknown")
    {
    }

    /// <summary>Required by the exception pattern; prefer the (step, reason) constructor.</summary>
    public StepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Step = "unknown";
        Reason = message;
    }

    /// <summary>Required by the exception pattern; prefer the (step, reason) constructor.</summary>
    public StepFailedException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>The step's name.</summary>
    public string Step { get; }

    /// <summary>Why it failed (no personal data).</summary>
    public string Reason { get; }
}

/// <summary>A callback pool operation failed (the entity threw). Hosts translate their own failure type into this.</summary>
public sealed class PoolOperationFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoolOperationFailedException(string operation, string reason)
        : base($"Pool operation {operation} failed: {reason}")
    {
        Operation = operation;
        Reason = reason;
    }

    /// <summary>Required by the exception pattern; prefer the (operation, reason) constructor.</summary>
    public PoolOperationFailedException()
        : this("unknown", "unknown")
    {
    }

    /// <summary>Required by the exception pattern; prefer the (operation, reason) constructor.</summary>
    public PoolOperationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "unknown";
        Reason = message;
    }

    /// <summary>Required by the exception pattern; prefer the (operation, reason) constructor.</summary>
    public PoolOperationFailedException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>The operation's name.</summary>
    public string Operation { get; }

    /// <summary>Why it failed (no personal data).</summary>
    public string Reason { get; }
}
