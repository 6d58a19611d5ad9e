namespace EmergencyFlow.LocalHost.Storage;

/// <summary>An operator alert as recorded.</summary>
public sealed record AlertRow(string Key, string? InstanceId, string Kind, string Message, DateTimeOffset RaisedAt);
