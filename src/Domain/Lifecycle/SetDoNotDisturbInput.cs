
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Input of the Do Not Disturb step; returns the presence to restore.</summary>
/// <param name="IdempotencyKey">The step's key.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="AgentIdentity">The directory's identity of the agent (whose presence changes).</param>
/// <param name="Until">
/// The latest the call can last (the call-end deadline): Do Not Disturb must hold at least that long, whatever the
/// presence system's own expiry. Added later with a default, so inputs stored before it still read.
/// </param>
public sealed record SetDoNotDisturbInput(string IdempotencyKey, string AgentId, string AgentIdentity, DateTimeOffset? Until = null) : IStepInput;
