using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Events;
using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost;

/// <summary>What happened to one event of a delivery.</summary>
/// <param name="EventId">Envelope id.</param>
/// <param name="EventType">Envelope type.</param>
/// <param name="Outcome">A stable word: Started, Duplicate, NotEmergency, UnsupportedCountry, CallEndDelivered, …</param>
/// <param name="Detail">A sentence, no personal data.</param>
/// <param name="InstanceId">The lifecycle concerned, when there is one.</param>
public sealed record EventResult(string EventId, string EventType, string Outcome, string Detail, string? InstanceId = null);

/// <summary>
/// Handles translated events for the local host: starts lifecycles, delivers call ends, routes
/// callbacks and escalates failed deliveries. Every outcome is recorded in the event log.
/// </summary>
public sealed class EventProcessor(LifecycleEngine engine, IDurableStore durable, LocalStore store, NumberPlan plan, LocalOptions options, IClock clock, Timeline timeline, ILogger<EventProcessor> logger)
{
    /// <summary>Processes one event and records its outcome.</summary>
    public async Task<EventResult> ProcessAsync(TranslatedEvent translated, string? rawPayload = null)
    {
        ArgumentNullException.ThrowIfNull(translated);
        var result = translated switch
        {
            TranslatedEvent.CallPlaced e => await OnPlacedAsync(e),
            TranslatedEvent.CallEnded e => await OnEndedAsync(e),
            TranslatedEvent.IncomingCall e => await RouteEventAsync(e),
            TranslatedEvent.EmailDelivery e => await OnDeliveryAsync(e),
            TranslatedEvent.SubscriptionValidation e => new EventResult(e.EventId, e.EventType, "Validated", "Subscription validation handshake answered."),
            TranslatedEvent.Ignored e => new EventResult(e.EventId, e.EventType, "Ignored", e.Reason),
            TranslatedEvent.Malformed e => Rejected(e, rawPayload),
            _ => throw new InvalidOperationException($"Unhandled event kind {translated.GetType().Name}."),
        };
        store.RecordEvent(new EventLogRow(clock.UtcNow, result.EventId, result.EventType, result.Outcome, result.Detail, result.InstanceId));
        logger.LogInformation("Event {EventId} ({EventType}): {Outcome} {InstanceId}", result.EventId, result.EventType, result.Outcome, result.InstanceId);
        return result;
    }

    /// <summary>The routing decision for an incoming call: reads the pool directly, never waits for a lifecycle.</summary>
    public async Task<RouteDecision> RouteAsync(IncomingCallEvent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var now = clock.UtcNow;
        var decision = CallbackPool.Route(await durable.GetPoolAsync(), call.ToRawId, now);
        store.RecordRouting(new RoutingRow(now, decision.Number is null ? Mask.RawId(call.ToRawId) : Mask.Phone(decision.Number), decision.Kind.ToString(),
            decision.AgentId, decision.AgentIdentity, decision.Reason, call.Call.ServerCallId));
        timeline.Add(decision.Kind == RouteKind.RingAgent
            ? $"callback from {Mask.RawId(call.FromRawId)} to {Mask.Phone(decision.Number)} → redirected to {decision.AgentId} with top priority (no routing rules, capacity or presence check)"
            : $"call to {Mask.RawId(call.ToRawId)} → normal routing ({decision.Reason})");
        return decision;
    }

    private async Task<EventResult> OnPlacedAsync(TranslatedEvent.CallPlaced e)
    {
        var decision = CallEvents.OnPlaced(e.Placed, plan, options.Lifecycle);
        if (decision.Input is null)
        {
            var outcome = decision.Classification.Kind == CallKind.UnsupportedCountry ? "UnsupportedCountry" : "NotEmergency";
            if (outcome == "UnsupportedCountry")
            {
                logger.LogWarning("Call by agent {AgentId} to {Number} not handled: {Reason}", e.Placed.AgentId, Mask.Phone(e.Placed.DialledNumber), decision.Classification.Reason);
            }

            return new EventResult(e.EventId, e.EventType, outcome, decision.Classification.Reason);
        }

        return await StartAsync(e, decision.Input, "Started");
    }

    private async Task<EventResult> OnEndedAsync(TranslatedEvent.CallEnded e)
    {
        timeline.Add($"call end received from {e.End.Source}");
        var found = await engine.DeliverCallEndAsync(e.End.Call, new CallEnd(e.End.EndedAt, e.End.Source));
        if (found is not null)
        {
            return new EventResult(e.EventId, e.EventType, "CallEndDelivered", "The lifecycle received the call's end (a repeated end changes nothing).", found);
        }

        var late = CallEvents.OnEndWithoutLifecycle(e.End, plan, options.Lifecycle);
        return late?.Input is { } input
            ? await StartAsync(e, input, "StartedAfterEnd")
            : new EventResult(e.EventId, e.EventType, "NoLifecycle",
                "No lifecycle for this call (yet); the end is kept and ends the lifecycle if its start arrives later.");
    }

    private async Task<EventResult> StartAsync(TranslatedEvent e, LifecycleInput input, string outcome)
    {
        foreach (var id in input.Call.Call.CandidateInstanceIds)
        {
            if (await durable.GetInstanceAsync(id) is { } existing)
            {
                return new EventResult(e.EventId, e.EventType, "Duplicate", $"The lifecycle already exists ({existing.Status}); nothing done.", existing.InstanceId);
            }
        }

        timeline.Add($"{input.Call.AgentId} dialled {input.Call.DialledNumber} in {input.Call.CountryIso}{(input.Call.IsTest ? " (test call)" : string.Empty)} → lifecycle {input.InstanceId}");
        var started = await engine.StartAsync(input);
        return started.Created
            ? new EventResult(e.EventId, e.EventType, outcome, input.EndedBeforeStartAt is null
                ? "Emergency lifecycle started." : "The call's end arrived first: lifecycle started without DND.", input.InstanceId)
            : new EventResult(e.EventId, e.EventType, "Duplicate", "The lifecycle already exists; nothing done.", input.InstanceId);
    }

    private async Task<EventResult> RouteEventAsync(TranslatedEvent.IncomingCall e)
    {
        var decision = await RouteAsync(e.Call);
        return new EventResult(e.EventId, e.EventType, decision.Kind.ToString(), decision.Reason);
    }

    private async Task<EventResult> OnDeliveryAsync(TranslatedEvent.EmailDelivery e)
    {
        var report = e.Report;
        if (!DeliveryReports.NeedsEscalation(report.Status))
        {
            return new EventResult(e.EventId, e.EventType, "Delivered", $"Delivery status {report.Status}.");
        }

        var instanceId = store.FindOutboxByMessageId(report.MessageId)?.InstanceId;
        var key = $"{instanceId ?? report.MessageId}.Delivery.{report.MessageId}.{Mask.Email(report.Recipient)}";
        await store.RaiseAsync(new OperatorAlert(key, instanceId ?? string.Empty, AlertKind.NotificationNotDelivered,
            $"The emergency notification to {Mask.Email(report.Recipient)} was {report.Status}: call the contact."), CancellationToken.None);
        return new EventResult(e.EventId, e.EventType, "Escalated", $"Delivery status {report.Status}: operators alerted.", instanceId);
    }

    private EventResult Rejected(TranslatedEvent.Malformed e, string? rawPayload)
    {
        store.RecordDeadLetter(new DeadLetterRow(clock.UtcNow, e.EventId, e.EventType, e.Message, rawPayload ?? string.Empty));
        return new EventResult(e.EventId, e.EventType, "Malformed", e.Message);
    }
}
