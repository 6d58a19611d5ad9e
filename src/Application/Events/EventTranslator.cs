using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Events;

/// <summary>The schema a delivery used.</summary>
public enum EventSchema
{
    /// <summary>Event Grid schema.</summary>
    EventGrid,

    /// <summary>CloudEvents 1.0.</summary>
    CloudEvents,
}

/// <summary>
/// Translates Event Grid deliveries (Event Grid schema or CloudEvents 1.0, single or batched) into
/// <see cref="TranslatedEvent"/>s. Each event is translated on its own: one malformed event never
/// loses the others.
/// </summary>
public static class EventTranslator
{
    /// <summary>How far before its receipt an event's own time is taken as it is (Event Grid retries for up to 24 h; a dead letter may be replayed later).</summary>
    public static readonly TimeSpan AcceptedPast = TimeSpan.FromDays(7);

    /// <summary>How far after its receipt an event's own time is taken as it is (clock skew between the dialer and us).</summary>
    public static readonly TimeSpan AcceptedFuture = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The oldest an event's envelope may be: Event Grid retries a delivery for at most 24 hours (plus the clock skew
    /// <see cref="AcceptedFuture"/> allows). An older event is a replay or a forgery, never a delivery: replayed after its
    /// lifecycle was purged, a "call placed" would start a second lifecycle and put the agent in Do Not Disturb again.
    /// </summary>
    public static readonly TimeSpan MaxEnvelopeAge = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(15);

    /// <summary>
    /// Translates a whole body, for tools and tests: every event the body holds, each on its own.
    /// Throws <see cref="MalformedDeliveryException"/> when the body holds no readable event at all.
    /// </summary>
    public static IReadOnlyList<TranslatedEvent> TranslateBody(BinaryData body, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(body);
        var delivery = DeliveryReader.Read(body.ToMemory());
        if (delivery.Events.Count == 0)
        {
            throw new MalformedDeliveryException(delivery.Problem ?? "The delivery holds no event.");
        }

        return delivery.Events.Select(e => Translate(e, receivedAt)).ToList();
    }

    /// <summary>
    /// Translates one event of a delivery. Never throws for bad input: an event that cannot be read is
    /// <see cref="TranslatedEvent.Malformed"/> naming the field; a damaged optional field or an absurd
    /// time is repaired and the repair is listed in <see cref="TranslatedEvent.Repairs"/>.
    /// </summary>
    public static TranslatedEvent Translate(RawEvent raw, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(raw);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw.Json);
        }
        catch (JsonException ex)
        {
            return new TranslatedEvent.Malformed("(no id)", "(unknown)", "event", $"is not JSON: {ex.Message}") { Repairs = raw.Repairs };
        }

        using (document)
        {
            var context = new Context(receivedAt, [.. raw.Repairs]);
            var translated = TranslateElement(document.RootElement, context);
            return translated with { Repairs = context.Repairs };
        }
    }

    private static TranslatedEvent TranslateElement(JsonElement element, Context context)
    {
        var id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String
            ? i.GetString()! : "(no id)";
        var type = "(unknown)";
        try
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedFieldException("event", "must be a JSON object.");
            }

            var raw = BinaryData.FromString(element.GetRawText());
            if (element.TryGetProperty("specversion", out _))
            {
                type = EventFields.RequiredString(element, "type", "type");
                RequireEnvelope(element, "id", "source");
                var cloudEvent = CloudEvent.Parse(raw) ?? throw new MalformedFieldException("event", "is empty.");
                return TranslateData(cloudEvent.Id, cloudEvent.Type, cloudEvent.Time, "time", cloudEvent.Data, context);
            }

            if (element.TryGetProperty("eventType", out _))
            {
                type = EventFields.RequiredString(element, "eventType", "eventType");
                RequireEnvelope(element, "id", "subject", "eventTime", "dataVersion");
                var gridEvent = EventGridEvent.Parse(raw);
                return TranslateData(gridEvent.Id, gridEvent.EventType, gridEvent.EventTime, "eventTime", gridEvent.Data, context);
            }

            throw new MalformedFieldException("eventType", "missing: the event is neither Event Grid schema ('eventType') nor CloudEvents 1.0 ('specversion').");
        }
        catch (MalformedFieldException ex)
        {
            return new TranslatedEvent.Malformed(id, type, ex.Field, ex.Reason);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException or InvalidOperationException)
        {
            return new TranslatedEvent.Malformed(id, type, "event", ex.Message);
        }
    }

    private static void RequireEnvelope(JsonElement element, params string[] fields)
    {
        // Present as strings; Event Grid's own validation event has an empty subject, so emptiness is allowed here.
        foreach (var field in fields.Where(f => !element.TryGetProperty(f, out var v) || v.ValueKind != JsonValueKind.String))
        {
            throw new MalformedFieldException(field, "missing or not a string.");
        }
    }

    private static TranslatedEvent TranslateData(string id, string type, DateTimeOffset? time, string timeField, BinaryData? data, Context context)
    {
        try
        {
            if (type.StartsWith(EventTypes.DialerPrefix, StringComparison.Ordinal)
                && type is not (EventTypes.OutboundCallPlaced or EventTypes.OutboundCallEnded))
            {
                return new TranslatedEvent.Ignored(id, type,
                    $"Unsupported dialer contract; this version handles {EventTypes.OutboundCallPlaced} and {EventTypes.OutboundCallEnded}.");
            }

            if (type is not (EventTypes.OutboundCallPlaced or EventTypes.OutboundCallEnded or EventTypes.AcsCallEnded
                or EventTypes.AcsIncomingCall or EventTypes.AcsEmailDeliveryReportReceived or EventTypes.SubscriptionValidation))
            {
                return new TranslatedEvent.Ignored(id, type, "EmergencyFlow does not handle this event type.");
            }

            // The validation handshake changes nothing, so its age does not matter.
            if (time is { } sent && sent < context.ReceivedAt - MaxEnvelopeAge && type != EventTypes.SubscriptionValidation)
            {
                throw new MalformedFieldException(timeField,
                    $"{sent:O} is older than Event Grid's 24-hour retry window: a replay, not a delivery. Kept as a dead letter; nothing was started or changed.");
            }

            using var document = ParseData(data);
            var d = document.RootElement;
            return type switch
            {
                EventTypes.OutboundCallPlaced => new TranslatedEvent.CallPlaced(id, type, ReadPlaced(d, "placedAt", time, context)),
                EventTypes.OutboundCallEnded => new TranslatedEvent.CallEnded(id, type, ReadDialerEnd(d, time, context)),
                EventTypes.AcsCallEnded => new TranslatedEvent.CallEnded(id, type,
                    new CallEndSignal(ReadCallKey(d), context.Bound("data.endedAt", EventFields.OptionalTime(d, "endedAt") ?? time ?? throw Missing("time")), CallEndSource.Acs, null)),
                EventTypes.AcsIncomingCall => new TranslatedEvent.IncomingCall(id, type, ReadIncomingCall(d, time)),
                EventTypes.AcsEmailDeliveryReportReceived => new TranslatedEvent.EmailDelivery(id, type, new EmailDeliveryReport(
                    EventFields.RequiredString(d, "messageId"), EventFields.RequiredString(d, "recipient"), EventFields.RequiredString(d, "status"),
                    context.Bound("data.deliveryAttemptTimestamp", EventFields.OptionalTime(d, "deliveryAttemptTimestamp") ?? time ?? throw Missing("deliveryAttemptTimestamp")))),
                _ => new TranslatedEvent.SubscriptionValidation(id, type, EventFields.RequiredString(d, "validationCode")),
            };
        }
        catch (MalformedFieldException ex)
        {
            return new TranslatedEvent.Malformed(id, type, ex.Field, ex.Reason);
        }
    }

    private static JsonDocument ParseData(BinaryData? data)
    {
        if (data is null || data.ToMemory().IsEmpty)
        {
            throw new MalformedFieldException("data", "missing.");
        }

        try
        {
            var document = JsonDocument.Parse(data);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new MalformedFieldException("data", "must be a JSON object.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new MalformedFieldException("data", $"is not JSON: {ex.Message}");
        }
    }

    private static OutboundCallPlaced ReadPlaced(JsonElement d, string timeField, DateTimeOffset? envelopeTime, Context context) => new(
        EventFields.RequiredString(d, "agentId"),
        EventFields.RequiredString(d, "agentAcsId"),
        EventFields.RequiredString(d, "dialledNumber"),
        EventFields.OptionalString(d, "country") ?? string.Empty,
        ReadCallKey(d),
        context.Bound("data." + timeField, EventFields.OptionalTime(d, timeField) ?? envelopeTime ?? throw Missing(timeField)),
        context.FreeText("data.location", EventFields.OptionalString(d, "location")));

    private static CallEndSignal ReadDialerEnd(JsonElement d, DateTimeOffset? envelopeTime, Context context)
    {
        var endedAt = context.Bound("data.endedAt", EventFields.OptionalTime(d, "endedAt") ?? envelopeTime ?? throw Missing("endedAt"));
        var details = ReadPlaced(d, "placedAt", endedAt, context);
        if (endedAt < details.PlacedAt)
        {
            context.Repairs.Add($"data.endedAt: {endedAt:O} is before data.placedAt; the call is taken to have ended when it was placed.");
            endedAt = details.PlacedAt;
        }

        return new CallEndSignal(details.Call, endedAt, CallEndSource.Dialer, details);
    }

    private static CallKey ReadCallKey(JsonElement d)
    {
        var key = new CallKey(EventFields.OptionalString(d, "serverCallId"), EventFields.OptionalString(d, "correlationId"));
        return key.IsKnown ? key : throw new MalformedFieldException("data.serverCallId", "missing: a serverCallId or a correlationId is required.");
    }

    private static IncomingCallEvent ReadIncomingCall(JsonElement d, DateTimeOffset? time)
    {
        var to = EventFields.RequiredObject(d, "to");
        var from = d.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? EventFields.OptionalString(f, "rawId") : null;
        return new IncomingCallEvent(
            EventFields.RequiredString(to, "rawId", "data.to.rawId"),
            from,
            EventFields.RequiredString(d, "incomingCallContext"),
            ReadCallKey(d),
            time);
    }

    /// <summary>What one translation repaired, and the receipt time that bounds the event's times.</summary>
    private sealed class Context(DateTimeOffset receivedAt, List<string> repairs)
    {
        public List<string> Repairs { get; } = repairs;

        public DateTimeOffset ReceivedAt => receivedAt;

        /// <summary>
        /// An event time far from its receipt (a wrong clock, 0001-01-01, 9999-12-31) is replaced by the
        /// receipt time: the emergency still runs, and no later date arithmetic can overflow.
        /// </summary>
        public DateTimeOffset Bound(string field, DateTimeOffset time)
        {
            if (time >= receivedAt - AcceptedPast && time <= receivedAt + AcceptedFuture)
            {
                return time;
            }

            Repairs.Add($"{field}: {time:O} is outside the accepted range ({AcceptedPast.TotalDays:0} days before to {AcceptedFuture.TotalMinutes:0} minutes after receipt); the receipt time was used.");
            return receivedAt;
        }

        /// <summary>Free text with damaged characters is kept (repaired) and the repair is recorded.</summary>
        public string? FreeText(string field, string? text)
        {
            if (text is not null && text.Contains('\uFFFD', StringComparison.Ordinal))
            {
                Repairs.Add($"{field}: held damaged characters, kept with U+FFFD in their place.");
            }

            return text;
        }
    }

    private static MalformedFieldException Missing(string field) => new(field.Contains('.', StringComparison.Ordinal) ? field : "data." + field, "missing.");
}

/// <summary>The delivery as a whole cannot be read (not JSON, not an object or array).</summary>
public sealed class MalformedDeliveryException(string message) : Exception(message)
{
    /// <summary>Required by the exception pattern.</summary>
    public MalformedDeliveryException()
        : this("The delivery cannot be read.")
    {
    }

    /// <summary>Required by the exception pattern.</summary>
    public MalformedDeliveryException(string message, Exception inner)
        : this(message + " " + inner.Message)
    {
    }
}
