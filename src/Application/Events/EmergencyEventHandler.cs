using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Domain.Privacy;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Application.Events;

/// <summary>What a whole delivery came to.</summary>
/// <param name="Results">One result per event, in order.</param>
/// <param name="ValidationCode">The Event Grid validation code to echo, when the delivery was the handshake.</param>
/// <param name="Problem">Why the body (or its rest) could not be read; the body was kept as a dead letter.</param>
public sealed record DeliveryOutcome(IReadOnlyList<EventResult> Results, string? ValidationCode, string? Problem)
{
    /// <summary>True when something in the delivery could not be read (Event Grid must not retry it: 400).</summary>
    public bool HasUnreadable => Problem is not null || Results.Any(r => r.Outcome == EventOutcome.Malformed);
}

/// <summary>
/// Every decision about incoming events, written once for both hosts: start a lifecycle unless its
/// instance exists, deliver a call end, route a callback, escalate a failed delivery, keep what
/// cannot be read. Events are handled one by one, so one bad event never costs another its processing.
/// </summary>
public sealed partial class EmergencyEventHandler(IEventHost host, NumberPlan plan, LifecycleSettings settings, TimeProvider clock, ILogger<EmergencyEventHandler> logger)
{
    /// <summary>Handles a whole webhook body (either schema, single or batch).</summary>
    public async Task<DeliveryOutcome> HandleDeliveryAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var receivedAt = clock.GetUtcNow();
        var delivery = DeliveryReader.Read(body);
        if (delivery.Problem is not null)
        {
            var (payload, encoding, truncated) = DeliveryReader.ForDeadLetter(body.Span);
            await host.RecordDeadLetterAsync(new DeadLetter(receivedAt, "(body)", "(delivery)", delivery.Problem, payload, encoding, truncated), cancellationToken);
            EmergencyTelemetry.DeadLettered();
            LogUnreadableBody(body.Length, delivery.Events.Count, delivery.Problem);
        }

        var translated = delivery.Events.Select(e => (Raw: e, Event: EventTranslator.Translate(e, receivedAt))).ToList();
        if (translated.Select(t => t.Event).OfType<TranslatedEvent.SubscriptionValidation>().FirstOrDefault() is { } validation)
        {
            var result = new EventResult(validation.EventId, validation.EventType, EventOutcome.Validated, "Subscription validation handshake answered.");
            await host.RecordAsync(result, cancellationToken);
            return new([result], validation.ValidationCode, delivery.Problem);
        }

        var results = new List<EventResult>(translated.Count);
        foreach (var (raw, e) in translated)
        {
            results.Add(await HandleAsync(e, raw, receivedAt, cancellationToken));
        }

        return new(results, null, delivery.Problem);
    }

    /// <summary>Handles one translated event and records its outcome.</summary>
    public async Task<EventResult> HandleAsync(TranslatedEvent translated, RawEvent? raw, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(translated);
        using var span = EmergencyTelemetry.Source.StartActivity("EmergencyFlow.HandleEvent");
        span?.SetTag("event.type", translated.EventType);
        var result = translated switch
        {
            TranslatedEvent.CallPlaced e => await OnPlacedAsync(e, cancellationToken),
            TranslatedEvent.CallEnded e => await OnEndedAsync(e, cancellationToken),
            TranslatedEvent.IncomingCall e => await RouteAsync(e, receivedAt, cancellationToken),
            TranslatedEvent.EmailDelivery e => await OnDeliveryAsync(e, cancellationToken),
            TranslatedEvent.SubscriptionValidation e => Result(e, EventOutcome.Validated, "Subscription validation handshake answered."),
            TranslatedEvent.Ignored e => Result(e, EventOutcome.Ignored, e.Reason),
            TranslatedEvent.Malformed e => await RejectAsync(e, raw, receivedAt, cancellationToken),
            _ => throw new InvalidOperationException($"Unhandled event kind {translated.GetType().Name}."),
        };
        result = result with { Repairs = translated.Repairs };
        span?.SetTag("outcome", result.Outcome.ToString());
        span?.SetTag("lifecycle.instance_id", result.InstanceId);
        EmergencyTelemetry.EventHandled(result);
        await host.RecordAsync(result, cancellationToken);
        LogOutcome(result.EventId, result.EventType, result.Outcome, result.InstanceId, result.Repairs.Count);
        return result;
    }

    /// <summary>The routing decision for an incoming call: reads the pool directly, never waits for a lifecycle.</summary>
    public async Task<RouteDecision> RouteAsync(IncomingCallEvent call, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var number = PhoneNumber.ToE164(call.ToRawId);
        var decision = CallbackPool.Route(number, number is null ? null : await host.FindPoolNumberAsync(number, cancellationToken), now);
        await host.RouteCallAsync(call, decision, cancellationToken);
        if (decision.Kind == RouteKind.Fallback)
        {
            // Keyed by the ringing call: a redelivered IncomingCall raises nothing new.
            var callId = call.Call.ServerCallId ?? call.Call.CorrelationId ?? call.IncomingCallContext;
            var fallback = host.HasFallback
                ? "It was redirected to the contact centre's fallback; make sure someone takes it."
                : "No fallback is configured (EmergencyFlow:CallbackFallbackTarget): it was not redirected.";
            await host.RaiseAlertAsync(new OperatorAlert($"callback-fallback.{CallKey.ToInstanceId(callId)}", string.Empty, AlertKind.CallbackToFallback,
                $"A call came in to callback number {Mask.Phone(decision.Number)} ({decision.Reason}) {fallback}"), cancellationToken);
            EmergencyTelemetry.AlertRaised(AlertKind.CallbackToFallback);
        }

        EmergencyTelemetry.Routed(decision.Kind);
        LogRouting(Mask.RawId(call.ToRawId), decision.Kind, decision.AgentId, decision.Reason);
        return decision;
    }

    private async Task<EventResult> OnPlacedAsync(TranslatedEvent.CallPlaced e, CancellationToken cancellationToken)
    {
        var decision = CallEvents.OnPlaced(e.Placed, plan, settings);
        if (decision.Input is not null)
        {
            return await StartAsync(e, decision.Input, EventOutcome.Started, cancellationToken);
        }

        if (decision.Classification.Kind == CallKind.UnsupportedCountry)
        {
            LogUnsupported(e.Placed.AgentId, Mask.Phone(e.Placed.DialledNumber), decision.Classification.Reason);
            return Result(e, EventOutcome.UnsupportedCountry, decision.Classification.Reason);
        }

        return Result(e, EventOutcome.NotEmergency, decision.Classification.Reason);
    }

    /// <summary>
    /// A call end. It is kept durably before anything is looked up, and a start keeps its instance before it
    /// looks for a kept end: whichever of a racing start and end comes second sees the other, so under any
    /// interleaving of placed and ended deliveries (duplicates included) the lifecycle gets its end.
    /// </summary>
    private async Task<EventResult> OnEndedAsync(TranslatedEvent.CallEnded e, CancellationToken cancellationToken)
    {
        var call = e.End.Call;
        var end = new CallEnd(e.End.EndedAt, e.End.Source);
        await host.KeepCallEndAsync(call, end, cancellationToken);
        if (await DeliverToExistingAsync(call, end, cancellationToken) is { } found)
        {
            return found.Live
                ? Result(e, EventOutcome.CallEndDelivered, "The lifecycle received the call's end (a repeated end changes nothing).", found.InstanceId)
                : Result(e, EventOutcome.LateEnd, "The lifecycle had already finished; nothing to do.", found.InstanceId);
        }

        if (CallEvents.OnEndWithoutLifecycle(e.End, plan, settings)?.Input is { } input)
        {
            return await StartAsync(e, input, EventOutcome.StartedAfterEnd, cancellationToken);
        }

        return Result(e, EventOutcome.EndKept, "No lifecycle for this call (yet); the end is kept and ends the lifecycle when its start arrives.");
    }

    /// <summary>
    /// Starts the lifecycle unless one exists. Either way, an end kept for the call is then handed to the lifecycle
    /// that exists: the end may have been kept while this start was on its way, or a racing start won.
    /// </summary>
    private async Task<EventResult> StartAsync(TranslatedEvent e, LifecycleInput input, EventOutcome started, CancellationToken cancellationToken)
    {
        var call = input.Call.Call;

        // Checked first, so a late redelivery never restarts a finished lifecycle (some backends would replace it).
        var existing = await FindExistingAsync(call, cancellationToken);
        if (existing is null && await host.StartLifecycleAsync(input, cancellationToken))
        {
            if (input.EndedBeforeStartAt is null && await host.FindCallEndAsync(call, cancellationToken) is { } kept)
            {
                await host.DeliverCallEndAsync(input.InstanceId, call, kept, cancellationToken);
            }

            await host.ForgetCallEndAsync(call, cancellationToken);
            return Result(e, started, started == EventOutcome.StartedAfterEnd
                ? "The call's end arrived first: lifecycle started without DND."
                : "Emergency lifecycle started.", input.InstanceId);
        }

        // A duplicate, or a racing delivery created it between the check and the start.
        existing ??= await FindExistingAsync(call, cancellationToken);
        if (existing is { Live: true } live && await host.FindCallEndAsync(call, cancellationToken) is { } end)
        {
            await host.DeliverCallEndAsync(live.InstanceId, call, end, cancellationToken);
            await host.ForgetCallEndAsync(call, cancellationToken);
            return Result(e, EventOutcome.CallEndDelivered,
                "The lifecycle already existed (a racing delivery started it); it received the call's end.", live.InstanceId);
        }

        return Result(e, EventOutcome.Duplicate, "The lifecycle already exists; nothing done.", existing?.InstanceId ?? input.InstanceId);
    }

    /// <summary>Delivers the end to the call's lifecycle when one exists (live: delivered; finished: nothing to do).</summary>
    private async Task<ExistingLifecycle?> DeliverToExistingAsync(CallKey call, CallEnd end, CancellationToken cancellationToken)
    {
        if (await FindExistingAsync(call, cancellationToken) is not { } existing)
        {
            return null;
        }

        if (existing.Live)
        {
            await host.DeliverCallEndAsync(existing.InstanceId, call, end, cancellationToken);
        }

        await host.ForgetCallEndAsync(call, cancellationToken);
        return existing;
    }

    private async Task<ExistingLifecycle?> FindExistingAsync(CallKey call, CancellationToken cancellationToken)
    {
        foreach (var id in call.CandidateInstanceIds)
        {
            switch (await host.FindLifecycleAsync(id, cancellationToken))
            {
                case LifecycleState.Live:
                    return new ExistingLifecycle(id, Live: true);
                case LifecycleState.Finished:
                    return new ExistingLifecycle(id, Live: false);
                default:
                    break;
            }
        }

        return null;
    }

    private async Task<EventResult> RouteAsync(TranslatedEvent.IncomingCall e, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var decision = await RouteAsync(e.Call, receivedAt, cancellationToken);
        return Result(e, decision.Kind switch
        {
            RouteKind.RingAgent => EventOutcome.RingAgent,
            RouteKind.Fallback => EventOutcome.FallbackRouting,
            _ => EventOutcome.NormalRouting,
        }, decision.Reason);
    }

    private async Task<EventResult> OnDeliveryAsync(TranslatedEvent.EmailDelivery e, CancellationToken cancellationToken)
    {
        var report = e.Report;
        if (!DeliveryReports.NeedsEscalation(report.Status))
        {
            return Result(e, EventOutcome.Delivered, $"Delivery status {report.Status}.");
        }

        // Keyed by message and recipient: a redelivered report raises nothing new.
        var instanceId = await host.FindInstanceByMessageIdAsync(report.MessageId, cancellationToken);
        var recipient = Mask.Email(report.Recipient);
        await host.RaiseAlertAsync(new OperatorAlert($"delivery.{report.MessageId}.{recipient}", instanceId ?? string.Empty,
            AlertKind.NotificationNotDelivered, $"The emergency notification to {recipient} was {report.Status}: call the contact."), cancellationToken);
        EmergencyTelemetry.AlertRaised(AlertKind.NotificationNotDelivered);
        return Result(e, EventOutcome.Escalated, $"Delivery status {report.Status}: operators alerted.", instanceId);
    }

    private async Task<EventResult> RejectAsync(TranslatedEvent.Malformed e, RawEvent? raw, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var (payload, encoding, truncated) = DeliveryReader.ForDeadLetter(raw is null ? [] : raw.Original.Span);
        await host.RecordDeadLetterAsync(new DeadLetter(receivedAt, e.EventId, e.EventType, e.Message, payload, encoding, truncated), cancellationToken);
        EmergencyTelemetry.DeadLettered();
        return Result(e, EventOutcome.Malformed, e.Message);
    }

    private static EventResult Result(TranslatedEvent e, EventOutcome outcome, string detail, string? instanceId = null) =>
        new(e.EventId, e.EventType, outcome, detail, instanceId);

    private sealed record ExistingLifecycle(string InstanceId, bool Live);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}): {Outcome} {InstanceId} ({RepairCount} repairs)")]
    private partial void LogOutcome(string eventId, string eventType, EventOutcome outcome, string? instanceId, int repairCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call by agent {AgentId} to {Number} not handled: {Reason}")]
    private partial void LogUnsupported(string agentId, string number, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incoming call to {Called}: {Decision} {AgentId} ({Reason})")]
    private partial void LogRouting(string called, RouteKind decision, string? agentId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable delivery of {Bytes} bytes kept as a dead letter after {Events} event(s): {Problem}")]
    private partial void LogUnreadableBody(int bytes, int events, string problem);
}
