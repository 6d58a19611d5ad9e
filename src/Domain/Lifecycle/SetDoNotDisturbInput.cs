
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Input of the Do Not Disturb step; returns the presence to restore.</summary>
public sealed record SetDoNotDisturbInput(string IdempotencyKey, string AgentId, string AgentIdentity) : IStepInput;
