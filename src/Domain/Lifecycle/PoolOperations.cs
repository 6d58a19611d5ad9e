using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>The callback pool's operations; their names are the entity's method names.</summary>
public static class PoolOperations
{
    /// <summary>Leases (or reuses) a number.</summary>
    public static PoolOperation<LeaseRequest, LeaseOutcome> Lease { get; } = new(nameof(Lease));

    /// <summary>Moves one hold's end.</summary>
    public static PoolOperation<ExtendRequest, PoolChange> Extend { get; } = new(nameof(Extend));

    /// <summary>Releases one hold.</summary>
    public static PoolOperation<ReleaseRequest, PoolChange> Release { get; } = new(nameof(Release));
}
