
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>Lease a callback number to an agent (durable payload).</summary>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentIdentity">Agent ACS raw id.</param>
/// <param name="LeaseId">Deterministic id of the requesting lifecycle's hold.</param>
/// <param name="At">When the lease is requested (replay-safe time of the lifecycle).</param>
/// <param name="HoldUntil">Until when this lifecycle needs the number.</param>
public sealed record LeaseRequest(string AgentId, string AgentIdentity, string LeaseId, DateTimeOffset At, DateTimeOffset HoldUntil);
