
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Input of the step that looks the agent up in the directory.</summary>
/// <param name="IdempotencyKey">The step's key.</param>
/// <param name="AgentId">The agent the dialer named.</param>
/// <param name="ClaimedIdentity">The identity the dialer's event carried (compared, never trusted).</param>
public sealed record IdentifyAgentInput(string IdempotencyKey, string AgentId, string ClaimedIdentity) : IStepInput;
