using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Input of the restore-presence step.</summary>
public sealed record RestorePresenceInput(string IdempotencyKey, string AgentId, string AgentIdentity, PresenceSnapshot Previous) : IStepInput;
