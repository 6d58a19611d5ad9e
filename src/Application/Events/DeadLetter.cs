
namespace EmergencyFlow.Application.Events;

/// <summary>An event (or a whole body) that could not be read, kept whole for operators.</summary>
/// <param name="At">When it arrived.</param>
/// <param name="EventId">Its id, or "(no id)".</param>
/// <param name="EventType">Its type, or "(unknown)".</param>
/// <param name="Reason">What is wrong, naming the field.</param>
/// <param name="Payload">The event or body as received (text, or base64 when it is not UTF-8), capped in size.</param>
/// <param name="Encoding">"utf-8" or "base64".</param>
/// <param name="Truncated">True when the payload was longer than the cap.</param>
public sealed record DeadLetter(DateTimeOffset At, string EventId, string EventType, string Reason, string Payload, string Encoding, bool Truncated);
