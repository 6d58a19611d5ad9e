using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Events;

/// <summary>An ACS IncomingCall, as routing needs it.</summary>
/// <param name="ToRawId">Called party raw id, e.g. <c>4:+14255550123</c>.</param>
/// <param name="FromRawId">Caller raw id.</param>
/// <param name="IncomingCallContext">Opaque context for answer/redirect/reject.</param>
/// <param name="Call">The call's ACS ids.</param>
/// <param name="At">The event's time (the same on every redelivery), or null when the envelope has none.</param>
public sealed record IncomingCallEvent(string ToRawId, string? FromRawId, string IncomingCallContext, CallKey Call, DateTimeOffset? At);

/// <summary>An ACS email delivery report.</summary>
/// <param name="MessageId">The send operation's id.</param>
/// <param name="Recipient">The recipient address (personal data: mask before logging).</param>
/// <param name="Status">Delivered, Bounced, Failed, Suppressed, …</param>
/// <param name="At">When the delivery was attempted.</param>
public sealed record EmailDeliveryReport(string MessageId, string Recipient, string Status, DateTimeOffset At);

/// <summary>One event of a delivery, translated. The hierarchy is closed.</summary>
/// <param name="EventId">The envelope's id (for logs and dead-letter reports).</param>
/// <param name="EventType">The envelope's type.</param>
public abstract record TranslatedEvent(string EventId, string EventType)
{
    /// <summary>What was repaired to read the event (damaged text, absurd times); empty when it arrived intact.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];

    /// <summary>The dialer placed a call.</summary>
    public sealed record CallPlaced(string EventId, string EventType, OutboundCallPlaced Placed) : TranslatedEvent(EventId, EventType);

    /// <summary>A call ended (dialer or ACS).</summary>
    public sealed record CallEnded(string EventId, string EventType, CallEndSignal End) : TranslatedEvent(EventId, EventType);

    /// <summary>ACS IncomingCall.</summary>
    public sealed record IncomingCall(string EventId, string EventType, IncomingCallEvent Call) : TranslatedEvent(EventId, EventType);

    /// <summary>ACS email delivery report.</summary>
    public sealed record EmailDelivery(string EventId, string EventType, EmailDeliveryReport Report) : TranslatedEvent(EventId, EventType);

    /// <summary>Event Grid subscription validation handshake.</summary>
    public sealed record SubscriptionValidation(string EventId, string EventType, string ValidationCode) : TranslatedEvent(EventId, EventType);

    /// <summary>A type EmergencyFlow does not handle: ignored on purpose, with the reason.</summary>
    public sealed record Ignored(string EventId, string EventType, string Reason) : TranslatedEvent(EventId, EventType);

    /// <summary>An event that cannot be read; <paramref name="Field"/> names what is wrong.</summary>
    public sealed record Malformed(string EventId, string EventType, string Field, string Reason) : TranslatedEvent(EventId, EventType)
    {
        /// <summary>"field: reason" for error responses.</summary>
        public string Message => $"{Field}: {Reason}";
    }
}
