namespace EmergencyFlow.LocalHost.Storage;

/// <summary>A presence row as the ops API shows it.</summary>
public sealed record PresenceRow(string AgentId, string Availability, string? Activity, DateTimeOffset UpdatedAt);
