using Azure.Messaging.EventGrid;

namespace EmergencyFlow.Application.Events;

/// <summary>Every event type EmergencyFlow handles, in one place.</summary>
public static class EventTypes
{
    /// <summary>The dialer's "outbound call placed", contract v1 (docs/events.md).</summary>
    public const string OutboundCallPlaced = "EmergencyFlow.Dialer.OutboundCallPlaced.V1";

    /// <summary>The dialer's "outbound call ended", contract v1 (docs/events.md).</summary>
    public const string OutboundCallEnded = "EmergencyFlow.Dialer.OutboundCallEnded.V1";

    /// <summary>Prefix of the dialer's event types, used to report an unsupported contract version clearly.</summary>
    public const string DialerPrefix = "EmergencyFlow.Dialer.";

    /// <summary>ACS call ended (not in the Event Grid SDK's name list).</summary>
    public const string AcsCallEnded = "Microsoft.Communication.CallEnded";

    /// <summary>ACS incoming call.</summary>
    public const string AcsIncomingCall = SystemEventNames.AcsIncomingCall;

    /// <summary>ACS email delivery report.</summary>
    public const string AcsEmailDeliveryReportReceived = SystemEventNames.AcsEmailDeliveryReportReceived;

    /// <summary>Event Grid subscription validation handshake.</summary>
    public const string SubscriptionValidation = SystemEventNames.EventGridSubscriptionValidation;

    /// <summary>What a metric says instead of an event type EmergencyFlow does not handle.</summary>
    public const string Other = "other";

    private static readonly HashSet<string> Handled = new(StringComparer.Ordinal)
    {
        OutboundCallPlaced, OutboundCallEnded, AcsCallEnded, AcsIncomingCall, AcsEmailDeliveryReportReceived, SubscriptionValidation,
    };

    /// <summary>
    /// The type as a metric label: a handled type as it is, anything else <see cref="Other"/>. The type comes from the
    /// request, so an unbounded set of labels (one per made-up type) would break the metrics backend.
    /// </summary>
    public static string ForMetrics(string type) => Handled.Contains(type) ? type : Other;
}
