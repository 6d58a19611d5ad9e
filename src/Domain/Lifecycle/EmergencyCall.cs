
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// The emergency call a lifecycle is about. Like every payload of this namespace it crosses the durable boundary
/// (orchestration input, activity inputs and results, history): sealed records, no polymorphism, and no member is
/// renamed while instances may be in flight.
/// </summary>
/// <param name="Call">The call's ACS ids.</param>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentIdentity">Agent ACS raw id.</param>
/// <param name="DialledNumber">The normalised emergency (or test) number.</param>
/// <param name="CountryIso">ISO country code.</param>
/// <param name="CountryName">Country display name.</param>
/// <param name="IsTest">True for a test call (933).</param>
/// <param name="PlacedAt">When the dialer placed the call.</param>
/// <param name="Location">Location from the browser, when given.</param>
public sealed record EmergencyCall(
    CallKey Call,
    string AgentId,
    string AgentIdentity,
    string DialledNumber,
    string CountryIso,
    string CountryName,
    bool IsTest,
    DateTimeOffset PlacedAt,
    string? Location);
