
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>The result of a lease request (durable payload).</summary>
/// <param name="Status">Leased or exhausted.</param>
/// <param name="Number">The callback number when leased.</param>
/// <param name="LeaseId">The hold's id.</param>
/// <param name="ExpiresAt">When the lease expires unless extended.</param>
/// <param name="Reused">True when the agent's live number was reused (a repeat emergency call).</param>
public sealed record LeaseOutcome(LeaseStatus Status, string? Number, string LeaseId, DateTimeOffset? ExpiresAt, bool Reused)
{
    /// <summary>No free number.</summary>
    public static LeaseOutcome Exhausted(string leaseId) => new(LeaseStatus.Exhausted, null, leaseId, null, false);
}
