using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting;
using EmergencyFlow.Hosting.Callbacks;
using EmergencyFlow.Hosting.Events;
using EmergencyFlow.Hosting.Steps;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Events;

/// <summary>
/// Event Grid triggers. Both accept the Event Grid schema and CloudEvents (the shared translator reads
/// either), so subscriptions may use whichever schema. The Functions runtime answers the validation
/// handshakes and requires the Event Grid extension's system key on the webhook URL.
/// </summary>
public sealed partial class EventGridFunctions(
    NumberPlan plan,
    IOptions<FunctionsOptions> options,
    ICallRedirector redirector,
    TableStore store,
    IOperatorAlerts alerts,
    TimeProvider clock,
    ILogger<EventGridFunctions> logger)
{
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Dialer events, ACS CallEnded, email delivery reports.</summary>
    [Function(FunctionNames.OnCallEvent)]
    public Task OnCallEvent([EventGridTrigger] string eventJson, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        HandleAllAsync(eventJson, client, context.CancellationToken);

    /// <summary>ACS IncomingCall to pool numbers (its own subscription: 2 attempts, 1-minute TTL).</summary>
    [Function(FunctionNames.OnIncomingCall)]
    public Task OnIncomingCall([EventGridTrigger] string eventJson, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        HandleAllAsync(eventJson, client, context.CancellationToken);

    /// <summary>Handles one translated event; returns the outcome word (logged, and asserted by tests).</summary>
    internal async Task<string> HandleAsync(TranslatedEvent translated, DurableTaskClient client, CancellationToken cancellationToken) => translated switch
    {
        TranslatedEvent.CallPlaced e => await OnPlacedAsync(e.Placed, client, cancellationToken),
        TranslatedEvent.CallEnded e => await OnEndedAsync(e.End, client, cancellationToken),
        TranslatedEvent.IncomingCall e => await RouteAsync(e.Call, client, cancellationToken),
        TranslatedEvent.EmailDelivery e => await OnDeliveryAsync(e.Report, cancellationToken),
        TranslatedEvent.SubscriptionValidation => "Validated",
        TranslatedEvent.Ignored e => Ignored(e),
        TranslatedEvent.Malformed e => throw new MalformedDeliveryException($"Event {e.EventId} ({e.EventType}): {e.Message}"),
        _ => throw new InvalidOperationException($"Unhandled event kind {translated.GetType().Name}."),
    };

    private async Task HandleAllAsync(string eventJson, DurableTaskClient client, CancellationToken cancellationToken)
    {
        foreach (var translated in EventTranslator.TranslateBody(BinaryData.FromString(eventJson)))
        {
            var outcome = await HandleAsync(translated, client, cancellationToken);
            LogOutcome(translated.EventId, translated.EventType, outcome);
        }
    }

    private async Task<string> OnPlacedAsync(OutboundCallPlaced placed, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var decision = CallEvents.OnPlaced(placed, plan, options.Value.Lifecycle);
        if (decision.Input is null)
        {
            if (decision.Classification.Kind == CallKind.UnsupportedCountry)
            {
                LogUnsupported(placed.AgentId, Mask.Phone(placed.DialledNumber), decision.Classification.Reason);
                return "UnsupportedCountry";
            }

            return "NotEmergency";
        }

        return await StartAsync(decision.Input, client, cancellationToken);
    }

    private async Task<string> StartAsync(LifecycleInput input, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // A completed instance could be replaced by a new schedule: check first, so a late redelivery never restarts it.
        foreach (var id in input.Call.Call.CandidateInstanceIds)
        {
            if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                return "Duplicate";
            }
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(EmergencyLifecycle.Name, input, new StartOrchestrationOptions(input.InstanceId), cancellationToken);
            return input.EndedBeforeStartAt is null ? "Started" : "StartedAfterEnd";
        }
        catch (Exception)
        {
            // Another delivery of the same event may have scheduled it between the check and this call.
            if (await client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                return "Duplicate";
            }

            throw;
        }
    }

    private async Task<string> OnEndedAsync(CallEndSignal end, DurableTaskClient client, CancellationToken cancellationToken)
    {
        foreach (var id in end.Call.CandidateInstanceIds)
        {
            var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
            if (instance is null)
            {
                continue;
            }

            if (!Live.Contains(instance.RuntimeStatus))
            {
                return "LateEnd";
            }

            // A repeated end is harmless: the lifecycle waits for one end event and ignores the rest.
            await client.RaiseEventAsync(id, EmergencyLifecycle.CallEndedEvent, new CallEnd(end.EndedAt, end.Source), cancellationToken);
            return "CallEndDelivered";
        }

        return CallEvents.OnEndWithoutLifecycle(end, plan, options.Value.Lifecycle)?.Input is { } input
            ? await StartAsync(input, client, cancellationToken)
            : "NoLifecycle";
    }

    private async Task<string> RouteAsync(IncomingCallEvent call, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // The routing decision reads the pool entity's state directly: it never queues behind a lifecycle.
        var entity = await client.Entities.GetEntityAsync<PoolEntityState>(DurableLifecyclePort.PoolEntity, includeState: true, cancellationToken);
        var decision = CallbackPool.Route(entity?.State?.Pool ?? CallbackPoolState.Empty, call.ToRawId, clock.GetUtcNow());
        if (decision.Kind == RouteKind.RingAgent)
        {
            await redirector.RedirectAsync(CallRedirect.For(call, decision.AgentIdentity!), cancellationToken);
        }

        LogRouting(Mask.RawId(call.ToRawId), decision.Kind, decision.AgentId, decision.Reason);
        return decision.Kind.ToString();
    }

    private async Task<string> OnDeliveryAsync(EmailDeliveryReport report, CancellationToken cancellationToken)
    {
        if (!DeliveryReports.NeedsEscalation(report.Status))
        {
            return "Delivered";
        }

        var instanceId = await store.FindInstanceByMessageIdAsync(report.MessageId, cancellationToken) ?? "(unknown)";
        await alerts.RaiseAsync(new OperatorAlert($"{instanceId}.Delivery.{report.MessageId}.{Mask.Email(report.Recipient)}", instanceId,
            AlertKind.NotificationNotDelivered, $"The emergency notification to {Mask.Email(report.Recipient)} was {report.Status}: call the contact."), cancellationToken);
        return "Escalated";
    }

    private string Ignored(TranslatedEvent.Ignored e)
    {
        LogIgnored(e.EventType, e.Reason);
        return "Ignored";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {EventId} ({EventType}): {Outcome}")]
    private partial void LogOutcome(string eventId, string eventType, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call by agent {AgentId} to {Number} not handled: {Reason}")]
    private partial void LogUnsupported(string agentId, string number, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incoming call to {Called}: {Decision} {AgentId} ({Reason})")]
    private partial void LogRouting(string called, RouteKind decision, string? agentId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignored event type {EventType}: {Reason}")]
    private partial void LogIgnored(string eventType, string reason);
}
