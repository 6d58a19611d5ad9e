using EmergencyFlow.Application.Events;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost.Events;

/// <summary>
/// The shared event mechanisms (<see cref="DurableEventHost"/>, the same class the Functions app runs),
/// plus what only the local host keeps for people: the event log and the routing decisions in its
/// SQLite file, and the timeline the demo prints. Every decision is the inner host's.
/// </summary>
public sealed class LocalEventHost(DurableEventHost inner, LocalStore store, TimeProvider clock, Timeline timeline, string? fallbackRawId) : IEventHost
{
    /// <inheritdoc />
    public Task<LifecycleState> FindLifecycleAsync(string instanceId, CancellationToken cancellationToken) => inner.FindLifecycleAsync(instanceId, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> StartLifecycleAsync(LifecycleInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = await inner.StartLifecycleAsync(input, cancellationToken);
        if (started)
        {
            timeline.Add($"{input.Call.AgentId} dialled {input.Call.DialledNumber} in {input.Call.CountryIso}{(input.Call.IsTest ? " (test call)" : string.Empty)} → lifecycle {input.InstanceId}");
        }

        return started;
    }

    /// <inheritdoc />
    public async Task DeliverCallEndAsync(string instanceId, CallKey call, CallEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        await inner.DeliverCallEndAsync(instanceId, call, end, cancellationToken);
        timeline.Add($"call end received from {end.Source}");
    }

    /// <inheritdoc />
    public Task KeepCallEndAsync(CallKey call, CallEnd end, CancellationToken cancellationToken) => inner.KeepCallEndAsync(call, end, cancellationToken);

    /// <inheritdoc />
    public Task<CallEnd?> FindCallEndAsync(CallKey call, CancellationToken cancellationToken) => inner.FindCallEndAsync(call, cancellationToken);

    /// <inheritdoc />
    public Task ForgetCallEndAsync(CallKey call, CancellationToken cancellationToken) => inner.ForgetCallEndAsync(call, cancellationToken);

    /// <inheritdoc />
    public Task<PoolNumber?> FindPoolNumberAsync(string number, CancellationToken cancellationToken) => inner.FindPoolNumberAsync(number, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Recorded (numbers masked) for the ops API's routing view, then redirected as in Azure.</remarks>
    public async Task RouteCallAsync(IncomingCallEvent call, RouteDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(decision);
        var target = decision.Kind switch
        {
            RouteKind.RingAgent => decision.AgentIdentity,
            RouteKind.Fallback => fallbackRawId,
            _ => null,
        };
        store.RecordRouting(new RoutingRow(clock.GetUtcNow(), decision.Number is null ? Mask.RawId(call.ToRawId) : Mask.Phone(decision.Number), decision.Kind.ToString(),
            decision.AgentId, target is null ? null : Mask.RawId(target), decision.Reason, call.Call.ServerCallId));
        await inner.RouteCallAsync(call, decision, cancellationToken);
        timeline.Add(decision.Kind switch
        {
            RouteKind.RingAgent => $"callback from {Mask.RawId(call.FromRawId)} to {Mask.Phone(decision.Number)} → redirected to {decision.AgentId} with top priority (no routing rules, capacity or presence check)",
            RouteKind.Fallback => $"call to {Mask.Phone(decision.Number)} → no live lease: redirected to the fallback {Mask.RawId(target)} ({decision.Reason})",
            _ => $"call to {Mask.RawId(call.ToRawId)} → normal routing ({decision.Reason})",
        });
    }

    /// <inheritdoc />
    public bool HasFallback => inner.HasFallback;

    /// <inheritdoc />
    public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) => inner.FindInstanceByMessageIdAsync(messageId, cancellationToken);

    /// <inheritdoc />
    public Task RaiseAlertAsync(OperatorAlert alert, CancellationToken cancellationToken) => inner.RaiseAlertAsync(alert, cancellationToken);

    /// <inheritdoc />
    public async Task RecordAsync(EventResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await inner.RecordAsync(result, cancellationToken);
        var detail = result.Repairs.Count == 0 ? result.Detail : $"{result.Detail} Repaired: {string.Join(" ", result.Repairs)}";
        store.RecordEvent(new EventLogRow(clock.GetUtcNow(), result.EventId, result.EventType, result.Outcome.ToString(), detail, result.InstanceId));
    }

    /// <inheritdoc />
    public Task RecordDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken) => inner.RecordDeadLetterAsync(letter, cancellationToken);
}
