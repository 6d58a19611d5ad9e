using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Application.Ops;

/// <summary>A live callback lease. Pool numbers belong to the contact centre, so they are shown in clear to operators.</summary>
public sealed record LeaseView(string Number, string AgentId, DateTimeOffset LeasedAt, DateTimeOffset ExpiresAt, int Holds)
{
    /// <summary>The live leases of a pool at a time.</summary>
    public static IReadOnlyList<LeaseView> LiveIn(CallbackPoolState pool, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.LiveAt(now).Select(n => new LeaseView(n.Number, n.Lease!.AgentId, n.Lease.LeasedAt, n.Lease.ExpiresAt, n.Lease.Holds.Count)).ToList();
    }
}
