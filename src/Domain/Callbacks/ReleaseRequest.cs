
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>Release one hold (durable payload). A stale or already-released id changes nothing.</summary>
public sealed record ReleaseRequest(string LeaseId, DateTimeOffset At);
