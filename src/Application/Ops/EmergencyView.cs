using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Ops;

/// <summary>An emergency as operators see it (numbers masked).</summary>
public sealed record EmergencyView(
    string InstanceId,
    string RuntimeStatus,
    LifecycleStage? Stage,
    string? Summary,
    string? AgentId,
    string? DialledNumber,
    string? Country,
    bool IsTest,
    string? CallbackNumber,
    DateTimeOffset? PlacedAt,
    DateTimeOffset? CallEndedAt,
    CallEndSource? EndedBy,
    DateTimeOffset? LeaseExpiresAt,
    NotificationStatus? Notification,
    IReadOnlyList<AlertKind> Alerts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Builds the view from what every durable backend keeps: runtime status, custom status and times.</summary>
    public static EmergencyView From(string instanceId, string runtimeStatus, LifecycleStatus? status, DateTimeOffset createdAt, DateTimeOffset updatedAt) => new(
        instanceId, runtimeStatus, status?.Stage, status?.Summary, status?.AgentId, status?.DialledNumber, status?.CountryIso, status?.IsTest ?? false,
        status?.CallbackNumberMasked, status?.PlacedAt, status?.CallEndedAt, status?.EndedBy, status?.LeaseExpiresAt, status?.Notification,
        status?.Alerts ?? [], createdAt, updatedAt);

    /// <summary>The agent's display name from the directory, when the host looked it up.</summary>
    public string? AgentName { get; init; }
}
