
namespace EmergencyFlow.Application.Ops;

/// <summary>A presence value (local host: simulate the agent changing presence).</summary>
public sealed record PresenceDocument(string Availability, string? Activity);
