using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Callbacks;

/// <summary>
/// The contact centre's pool of temporary callback numbers. Persisted as entity state: keep it a
/// plain record of lists so any JSON serializer round-trips it, and never rename members while
/// instances may be in flight.
/// </summary>
/// <param name="Numbers">Every number in the pool, leased or free, in a stable order.</param>
public sealed record CallbackPoolState(IReadOnlyList<PoolNumber> Numbers)
{
    /// <summary>An empty pool.</summary>
    public static CallbackPoolState Empty { get; } = new([]);

    /// <summary>Leases that route callbacks at <paramref name="now"/>.</summary>
    public IEnumerable<PoolNumber> LiveAt(DateTimeOffset now) => Numbers.Where(n => n.Lease?.IsLiveAt(now) == true);
}

/// <summary>One pool number and its current lease, if any.</summary>
/// <param name="Number">E.164 number.</param>
/// <param name="Lease">The lease on it, live or expired-but-not-yet-released; null when free.</param>
/// <param name="ReleasedAt">When it was last released; the least recently released free number is leased first,
/// so a late callback meant for one agent is least likely to reach another.</param>
public sealed record PoolNumber(string Number, CallbackLease? Lease, DateTimeOffset? ReleasedAt);

/// <summary>
/// A number leased to one agent. Each lifecycle that uses it holds it with its own lease id; the
/// number is released when the last hold is released, so an older lifecycle's timer never frees a
/// lease that a newer emergency call of the same agent extended.
/// </summary>
/// <param name="AgentId">The contact centre's agent id.</param>
/// <param name="AgentIdentity">The agent's ACS raw id, the target of a callback redirect.</param>
/// <param name="LeasedAt">When the number was first leased to this agent.</param>
/// <param name="Holds">One hold per lifecycle; the first is the one that leased the number.</param>
public sealed record CallbackLease(string AgentId, string AgentIdentity, DateTimeOffset LeasedAt, IReadOnlyList<LeaseHold> Holds)
{
    /// <summary>The latest time any hold keeps the number.</summary>
    [JsonIgnore]
    public DateTimeOffset ExpiresAt => Holds.Count == 0 ? LeasedAt : Holds.Max(h => h.Until);

    /// <summary>True while a callback to the number goes to the agent.</summary>
    public bool IsLiveAt(DateTimeOffset now) => Holds.Count > 0 && ExpiresAt > now;
}

/// <summary>One lifecycle's claim on a lease.</summary>
/// <param name="LeaseId">Deterministic id from the lifecycle instance.</param>
/// <param name="Until">Until when this lifecycle keeps the number.</param>
public sealed record LeaseHold(string LeaseId, DateTimeOffset Until);
