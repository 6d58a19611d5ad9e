namespace EmergencyFlow.LocalHost.Storage;

/// <summary>A notification written to the outbox.</summary>
public sealed record OutboxRow(string Key, string MessageId, string? InstanceId, string File, int Recipients, DateTimeOffset WrittenAt);
