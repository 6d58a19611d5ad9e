
namespace EmergencyFlow.Application.Events;

/// <summary>What happened to one event of a delivery.</summary>
/// <param name="EventId">Envelope id.</param>
/// <param name="EventType">Envelope type.</param>
/// <param name="Outcome">The outcome.</param>
/// <param name="Detail">A sentence, no personal data.</param>
/// <param name="InstanceId">The lifecycle concerned, when there is one.</param>
public sealed record EventResult(string EventId, string EventType, EventOutcome Outcome, string Detail, string? InstanceId = null)
{
    /// <summary>What was repaired to read the event; empty when it arrived intact.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];
}
