
namespace EmergencyFlow.Domain.Callbacks;

/// <summary>Move one hold's end (durable payload). Used to count the callback window from the call's end.</summary>
public sealed record ExtendRequest(string LeaseId, DateTimeOffset Until, DateTimeOffset At);
