
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
