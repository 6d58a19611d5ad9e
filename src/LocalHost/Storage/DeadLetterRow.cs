namespace EmergencyFlow.LocalHost.Storage;

/// <summary>An event that could not be read, kept whole for an operator.</summary>
public sealed record DeadLetterRow(DateTimeOffset At, string EventId, string EventType, string Reason, string Payload);
