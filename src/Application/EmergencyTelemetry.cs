using System.Diagnostics;
using System.Diagnostics.Metrics;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.Application;

/// <summary>
/// The product's traces and metrics, the same in both hosts (OpenTelemetry listens by name): one span
/// per handled event and per step, counters for events by outcome, routing decisions and alerts.
/// Tags never carry personal data.
/// </summary>
public static class EmergencyTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "EmergencyFlow";

    /// <summary>Spans.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Events = Meter.CreateCounter<long>("emergencyflow.events", description: "Events handled, by type and outcome.");
    private static readonly Counter<long> Routing = Meter.CreateCounter<long>("emergencyflow.routing.decisions", description: "Incoming-call routing decisions, by kind.");
    private static readonly Counter<long> Alerts = Meter.CreateCounter<long>("emergencyflow.alerts", description: "Operator alerts raised, by kind.");
    private static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("emergencyflow.dead_letters", description: "Unreadable events or bodies kept whole.");

    /// <summary>A span for one lifecycle step, tagged with its lifecycle (the idempotency key is "{instanceId}.{step}…").</summary>
    public static Activity? StartStep(string step, string? idempotencyKey)
    {
        var span = Source.StartActivity("EmergencyFlow.Step." + step);
        if (span is not null && idempotencyKey is not null)
        {
            var at = idempotencyKey.IndexOf("." + step, StringComparison.Ordinal);
            span.SetTag("lifecycle.instance_id", at > 0 ? idempotencyKey[..at] : idempotencyKey);
        }

        return span;
    }

    /// <summary>Counts a handled event.</summary>
    public static void EventHandled(EventResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Events.Add(1, new("event.type", EventTypes.ForMetrics(result.EventType)), new("outcome", result.Outcome.ToString()));
    }

    /// <summary>Counts a routing decision.</summary>
    public static void Routed(RouteKind kind) => Routing.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));

    /// <summary>Counts an alert.</summary>
    public static void AlertRaised(AlertKind kind) => Alerts.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()));

    /// <summary>Counts a dead letter.</summary>
    public static void DeadLettered() => DeadLetters.Add(1);
}
