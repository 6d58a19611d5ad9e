
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// A call-end signal: the dialer's "outbound call ended" (which repeats the call's details, so a
/// lifecycle can still start when the end arrives first) or ACS <c>CallEnded</c> (ids only).
/// </summary>
/// <param name="Call">The call's ACS ids.</param>
/// <param name="EndedAt">When the call ended.</param>
/// <param name="Source">Dialer or ACS.</param>
/// <param name="Details">The call's details, from the dialer's event only.</param>
public sealed record CallEndSignal(CallKey Call, DateTimeOffset EndedAt, CallEndSource Source, OutboundCallPlaced? Details);
