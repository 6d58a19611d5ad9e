namespace EmergencyFlow.Durable;

/// <summary>An instance as the store keeps it.</summary>
public sealed record InstanceRecord(
    string InstanceId,
    string InputJson,
    DateTimeOffset CreatedAt,
    RuntimeStatus Status,
    string? CustomStatusJson,
    string? OutputJson,
    DateTimeOffset? WakeAt,
    DateTimeOffset UpdatedAt,
    string? Error);
