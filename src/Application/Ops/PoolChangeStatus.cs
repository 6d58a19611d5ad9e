namespace EmergencyFlow.Application.Ops;

/// <summary>How an ops pool change ended.</summary>
public enum PoolChangeStatus
{
    /// <summary>Decided and applied, or queued to the pool entity.</summary>
    Accepted,

    /// <summary>The domain refused it against the pool as it stands (a number with a live lease cannot be removed).</summary>
    Refused,

    /// <summary>The number named is not in the pool.</summary>
    NotFound,
}
