
namespace EmergencyFlow.Application.Ops;

/// <summary>A live callback lease.</summary>
/// <param name="Number">The pool number, masked.</param>
/// <param name="AgentId">The agent it rings.</param>
/// <param name="AgentName">The agent's display name.</param>
/// <param name="LeasedAt">When it was leased.</param>
/// <param name="ExpiresAt">When it is released back to the pool.</param>
/// <param name="Holds">How many lifecycles hold it (a repeat call extends it).</param>
/// <param name="CallInProgress">The agent's emergency call has not ended: the release time is the latest one, and moves to the call's end plus the window.</param>
/// <param name="Callbacks">Calls routed to the agent through it.</param>
public sealed record SupervisorLease(
    string Number, string AgentId, string AgentName, DateTimeOffset LeasedAt, DateTimeOffset ExpiresAt, int Holds, bool CallInProgress,
    IReadOnlyList<SupervisorCallback> Callbacks);
