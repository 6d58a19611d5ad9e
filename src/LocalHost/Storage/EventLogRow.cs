namespace EmergencyFlow.LocalHost.Storage;

/// <summary>What happened to one delivered event.</summary>
public sealed record EventLogRow(DateTimeOffset At, string EventId, string EventType, string Outcome, string Detail, string? InstanceId);
