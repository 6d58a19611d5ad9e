
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>One lifecycle's claim on a lease.</summary>
/// <param name="LeaseId">Deterministic id from the lifecycle instance.</param>
/// <param name="Until">Until when this lifecycle keeps the number.</param>
public sealed record LeaseHold(string LeaseId, DateTimeOffset Until);
