using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.Durable;
using EmergencyFlow.LocalHost.Storage;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.LocalHost.Events;

/// <summary>
/// The local host's mechanisms behind the shared event decisions: the embedded durable engine, the
/// pool in SQLite, and the local records (routing recorder, event log, dead letters, alerts).
/// </summary>
public sealed class LocalEventHost(LifecycleEngine engine, IDurableStore durable, LocalStore store, TimeProvider clock, Timeline timeline) : IEventHost
{
    /// <inheritdoc />
    public async Task<LifecycleState> FindLifecycleAsync(string instanceId, CancellationToken cancellationToken) =>
        await durable.GetStatusAsync(instanceId) switch
        {
            null => LifecycleState.None,
            RuntimeStatus.Running => LifecycleState.Live,
            _ => LifecycleState.Finished,
        };

    /// <inheritdoc />
    /// <remarks>
    /// Answers once the instance is stored: the webhook acknowledges a start that a redelivery finds
    /// and a restart resumes. The first run (DND, lease, email) continues off the request thread.
    /// </remarks>
    public async Task<bool> StartLifecycleAsync(LifecycleInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        timeline.Add($"{input.Call.AgentId} dialled {input.Call.DialledNumber} in {input.Call.CountryIso}{(input.Call.IsTest ? " (test call)" : string.Empty)} → lifecycle {input.InstanceId}");
        return (await engine.StartInBackgroundAsync(input)).Created;
    }

    /// <inheritdoc />
    public async Task DeliverCallEndAsync(string instanceId, CallKey call, CallEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(end);
        timeline.Add($"call end received from {end.Source}");
        await engine.DeliverCallEndAsync(call, end);
    }

    /// <inheritdoc />
    /// <remarks>The engine keeps every end in the instance's inbox, even before the instance exists.</remarks>
    public Task KeepCallEndAsync(CallKey call, CallEnd end, CancellationToken cancellationToken) => engine.DeliverCallEndAsync(call, end);

    /// <inheritdoc />
    /// <remarks>Nothing to take: the engine's inbox already holds the early end for the new instance.</remarks>
    public Task<CallEnd?> FindCallEndAsync(CallKey call, CancellationToken cancellationToken) => Task.FromResult<CallEnd?>(null);

    /// <inheritdoc />
    public Task ForgetCallEndAsync(CallKey call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<PoolNumber?> FindPoolNumberAsync(string number, CancellationToken cancellationToken) => durable.FindPoolNumberAsync(number);

    /// <inheritdoc />
    /// <remarks>The local host has no telephony: the recorder stands in for ACS Call Automation's redirect.</remarks>
    public Task RouteCallAsync(IncomingCallEvent call, RouteDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(decision);
        store.RecordRouting(new RoutingRow(clock.GetUtcNow(), decision.Number is null ? Mask.RawId(call.ToRawId) : Mask.Phone(decision.Number), decision.Kind.ToString(),
            decision.AgentId, decision.AgentIdentity, decision.Reason, call.Call.ServerCallId));
        timeline.Add(decision.Kind == RouteKind.RingAgent
            ? $"callback from {Mask.RawId(call.FromRawId)} to {Mask.Phone(decision.Number)} → redirected to {decision.AgentId} with top priority (no routing rules, capacity or presence check)"
            : $"call to {Mask.RawId(call.ToRawId)} → normal routing ({decision.Reason})");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool HasFallback => true;

    /// <inheritdoc />
    public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(store.FindOutboxByMessageId(messageId)?.InstanceId);

    /// <inheritdoc />
    public Task RaiseAlertAsync(OperatorAlert alert, CancellationToken cancellationToken) => store.RaiseAsync(alert, cancellationToken);

    /// <inheritdoc />
    public Task RecordAsync(EventResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var detail = result.Repairs.Count == 0 ? result.Detail : $"{result.Detail} Repaired: {string.Join(" ", result.Repairs)}";
        store.RecordEvent(new EventLogRow(clock.GetUtcNow(), result.EventId, result.EventType, result.Outcome.ToString(), detail, result.InstanceId));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RecordDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var reason = letter.Encoding == "utf-8" && !letter.Truncated
            ? letter.Reason
            : $"{letter.Reason} (payload {letter.Encoding}{(letter.Truncated ? ", truncated" : string.Empty)})";
        store.RecordDeadLetter(new DeadLetterRow(letter.At, letter.EventId, letter.EventType, reason, letter.Payload));
        return Task.CompletedTask;
    }
}
