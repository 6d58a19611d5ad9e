
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>The routing decision for an incoming call.</summary>
/// <param name="Kind">Ring the agent, go to the fallback, or route normally.</param>
/// <param name="Number">The called number (E.164) when it could be read.</param>
/// <param name="AgentId">The agent to ring.</param>
/// <param name="AgentIdentity">The agent's ACS raw id (redirect target).</param>
/// <param name="Reason">A sentence an operator can read.</param>
public sealed record RouteDecision(RouteKind Kind, string? Number, string? AgentId, string? AgentIdentity, string Reason);
