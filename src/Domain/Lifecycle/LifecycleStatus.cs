using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// What the lifecycle reports at each stage: the operator's view (custom status in Durable
/// Functions Monitor, the local ops API). Phone numbers are masked; the emergency number is not personal.
/// </summary>
/// <remarks>Property names are fixed (camelCase) so the Monitor tab and the ops API read the same JSON whatever serializer settings a host uses.</remarks>
public sealed record LifecycleStatus(
    [property: JsonPropertyName("stage")] LifecycleStage Stage,
    [property: JsonPropertyName("agentId")] string AgentId,
    [property: JsonPropertyName("dialledNumber")] string DialledNumber,
    [property: JsonPropertyName("countryIso")] string CountryIso,
    [property: JsonPropertyName("isTest")] bool IsTest,
    [property: JsonPropertyName("placedAt")] DateTimeOffset PlacedAt,
    [property: JsonPropertyName("callbackNumberMasked")] string? CallbackNumberMasked,
    [property: JsonPropertyName("leaseExpiresAt")] DateTimeOffset? LeaseExpiresAt,
    [property: JsonPropertyName("callEndedAt")] DateTimeOffset? CallEndedAt,
    [property: JsonPropertyName("endedBy")] CallEndSource? EndedBy,
    [property: JsonPropertyName("notification")] NotificationStatus? Notification,
    [property: JsonPropertyName("alerts")] IReadOnlyList<AlertKind> Alerts)
{
    /// <summary>A one-line summary that reads well in an instance list (Durable Functions Monitor shows the custom status there).</summary>
    [JsonPropertyName("summary")]
    public string Summary =>
        $"{Stage} | agent {AgentId} | {DialledNumber} {CountryIso}{(IsTest ? " TEST" : string.Empty)} | callback {CallbackNumberMasked ?? "none"}"
        + (Alerts.Count > 0 ? $" | alerts: {string.Join(",", Alerts)}" : string.Empty);
}
