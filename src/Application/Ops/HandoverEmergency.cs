namespace EmergencyFlow.Application.Ops;

/// <summary>One emergency of a hand-over.</summary>
/// <param name="PlacedAt">When it was dialled.</param>
/// <param name="AgentName">The agent's display name.</param>
/// <param name="DialledNumber">The emergency number dialled.</param>
/// <param name="Country">The country (ISO code).</param>
/// <param name="IsTest">A test call (933).</param>
/// <param name="CallbackNumber">The leased callback number, masked.</param>
/// <param name="Outcome">How it ended (or where it stands), in words.</param>
/// <param name="CallEndedAt">When the call ended.</param>
/// <param name="EndedBy">Which signal ended it (Dialer, Acs, Deadline).</param>
/// <param name="Alerts">Its alerts, by title.</param>
public sealed record HandoverEmergency(
    DateTimeOffset PlacedAt, string AgentName, string? DialledNumber, string? Country, bool IsTest, string? CallbackNumber, string Outcome,
    DateTimeOffset? CallEndedAt, string? EndedBy, IReadOnlyList<string> Alerts);
