
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>One pool number and its current lease, if any.</summary>
/// <param name="Number">E.164 number.</param>
/// <param name="Lease">The lease on it, live or expired-but-not-yet-released; null when free.</param>
/// <param name="ReleasedAt">When it was last released; the least recently released free number is leased first,
/// so a late callback meant for one agent is least likely to reach another.</param>
public sealed record PoolNumber(string Number, CallbackLease? Lease, DateTimeOffset? ReleasedAt);
