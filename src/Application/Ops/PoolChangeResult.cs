namespace EmergencyFlow.Application.Ops;

/// <summary>What an ops pool change came to.</summary>
/// <param name="Status">Accepted, refused by the domain, or about a number that is not in the pool.</param>
/// <param name="Reason">Why it was refused or not found (numbers masked by the domain).</param>
/// <param name="View">The answer when accepted.</param>
public sealed record PoolChangeResult(PoolChangeStatus Status, string? Reason, PoolChangeView? View);
