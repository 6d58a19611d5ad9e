
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>The dialer's "outbound call placed" (contract v1), after translation.</summary>
/// <param name="AgentId">Agent id.</param>
/// <param name="AgentIdentity">Agent ACS raw id.</param>
/// <param name="DialledNumber">The number as dialled.</param>
/// <param name="Country">ISO country from the browser's location.</param>
/// <param name="Call">The call's ACS ids.</param>
/// <param name="PlacedAt">When the call was placed.</param>
/// <param name="Location">Free-text location from the browser, when given.</param>
public sealed record OutboundCallPlaced(string AgentId, string AgentIdentity, string DialledNumber, string Country, CallKey Call, DateTimeOffset PlacedAt, string? Location);
