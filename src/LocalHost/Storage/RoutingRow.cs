namespace EmergencyFlow.LocalHost.Storage;

/// <summary>A routing decision as recorded (numbers masked).</summary>
public sealed record RoutingRow(DateTimeOffset At, string? CalledMasked, string Decision, string? AgentId, string? Target, string Reason, string? ServerCallId);
