
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>What the directory says of the agent the dialer named.</summary>
/// <param name="InDirectory">True when the agent is in the directory.</param>
/// <param name="Identity">The directory's ACS identity for the agent; null when the agent is not in the directory.</param>
/// <param name="MatchesClaim">True when the event's identity is the directory's.</param>
public sealed record AgentIdentityCheck(bool InDirectory, string? Identity, bool MatchesClaim);
