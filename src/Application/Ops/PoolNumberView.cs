using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Application.Ops;

/// <summary>A pool number and whether it is leased now.</summary>
public sealed record PoolNumberView(string Number, bool Leased, string? AgentId, DateTimeOffset? ExpiresAt, DateTimeOffset? ReleasedAt)
{
    /// <summary>The pool at a time.</summary>
    public static IReadOnlyList<PoolNumberView> Of(CallbackPoolState pool, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Numbers.Select(n => n.Lease is { } l && l.IsLiveAt(now)
            ? new PoolNumberView(n.Number, true, l.AgentId, l.ExpiresAt, n.ReleasedAt)
            : new PoolNumberView(n.Number, false, null, null, n.ReleasedAt)).ToList();
    }
}
