using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Events;

/// <summary>
/// What the event decisions need from a host: each member is a mechanism (its durable engine, its
/// pool, its records), never a decision. The local host implements it over its embedded runtime and
/// SQLite; the Functions app over DurableTaskClient, the pool entity and Table storage.
/// </summary>
public interface IEventHost
{
    /// <summary>Whether a lifecycle with this id exists, and whether it is still live.</summary>
    Task<LifecycleState> FindLifecycleAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Starts the lifecycle; false when one with the same id already existed (a racing duplicate).</summary>
    Task<bool> StartLifecycleAsync(LifecycleInput input, CancellationToken cancellationToken);

    /// <summary>Delivers a call end to a live lifecycle (a repeated end is harmless: the lifecycle takes the first).</summary>
    Task DeliverCallEndAsync(string instanceId, CallKey call, CallEnd end, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a call end durably under every instance id the call may have, before any lifecycle is looked up:
    /// a start that races with this end then finds it (or is found by it). A repeated keep changes nothing.
    /// </summary>
    Task KeepCallEndAsync(CallKey call, CallEnd end, CancellationToken cancellationToken);

    /// <summary>The end kept for a call, if any (it stays kept until <see cref="ForgetCallEndAsync"/>).</summary>
    Task<CallEnd?> FindCallEndAsync(CallKey call, CancellationToken cancellationToken);

    /// <summary>Drops a kept end once its lifecycle has it; a crash before this only means a harmless second delivery.</summary>
    Task ForgetCallEndAsync(CallKey call, CancellationToken cancellationToken);

    /// <summary>
    /// One pool number as it stands (E.164), or null when it is not in the pool; read directly (an
    /// incoming call rings for ~30 s: never queued behind a lifecycle).
    /// </summary>
    Task<PoolNumber?> FindPoolNumberAsync(string number, CancellationToken cancellationToken);

    /// <summary>Carries out a routing decision: redirects a live callback to the agent and a late one to the fallback, records the decision.</summary>
    Task RouteCallAsync(IncomingCallEvent call, RouteDecision decision, CancellationToken cancellationToken);

    /// <summary>True when a fallback target is configured for late callbacks.</summary>
    bool HasFallback { get; }

    /// <summary>The lifecycle whose notification had this message id, when known.</summary>
    Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Raises an operator alert (a repeated key is dropped).</summary>
    Task RaiseAlertAsync(OperatorAlert alert, CancellationToken cancellationToken);

    /// <summary>Records what happened to an event.</summary>
    Task RecordAsync(EventResult result, CancellationToken cancellationToken);

    /// <summary>Keeps an unreadable event or body whole.</summary>
    Task RecordDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken);
}
