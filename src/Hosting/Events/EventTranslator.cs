using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Hosting.Events;

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
    /// <summary>Translates a webhook body. Throws <see cref="MalformedDeliveryException"/> when the body is not a JSON object or array.</summary>
    public static IReadOnlyList<TranslatedEvent> TranslateBody(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new MalformedDeliveryException($"The body is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().Select(TranslateElement).ToList(),
                JsonValueKind.Object => [TranslateElement(root)],
                _ => throw new MalformedDeliveryException("The body must be an event object or an array of events."),
            };
        }
    }

    /// <summary>Translates an event the Functions trigger bound in the Event Grid schema.</summary>
    public static TranslatedEvent Translate(EventGridEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return TranslateData(e.Id, e.EventType, e.EventTime, e.Data);
    }

    /// <summary>Translates an event the Functions trigger bound as a CloudEvent.</summary>
    public static TranslatedEvent Translate(CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return TranslateData(e.Id, e.Type, e.Time, e.Data);
    }

    private static TranslatedEvent TranslateElement(JsonElement element)
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
                type = Json.RequiredString(element, "type", "type");
                RequireEnvelope(element, "id", "source");
                var cloudEvent = CloudEvent.Parse(raw) ?? throw new MalformedFieldException("event", "is empty.");
                return Translate(cloudEvent);
            }

            if (element.TryGetProperty("eventType", out _))
            {
                type = Json.RequiredString(element, "eventType", "eventType");
                RequireEnvelope(element, "id", "subject", "eventTime", "dataVersion");
                return Translate(EventGridEvent.Parse(raw));
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

    private static TranslatedEvent TranslateData(string id, string type, DateTimeOffset? time, BinaryData? data)
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

            using var document = ParseData(data);
            var d = document.RootElement;
            return type switch
            {
                EventTypes.OutboundCallPlaced => new TranslatedEvent.CallPlaced(id, type, ReadPlaced(d, "placedAt", time)),
                EventTypes.OutboundCallEnded => new TranslatedEvent.CallEnded(id, type, ReadDialerEnd(d, time)),
                EventTypes.AcsCallEnded => new TranslatedEvent.CallEnded(id, type,
                    new CallEndSignal(ReadCallKey(d), Json.OptionalTime(d, "endedAt") ?? time ?? throw Missing("time"), CallEndSource.Acs, null)),
                EventTypes.AcsIncomingCall => new TranslatedEvent.IncomingCall(id, type, ReadIncomingCall(d, time)),
                EventTypes.AcsEmailDeliveryReportReceived => new TranslatedEvent.EmailDelivery(id, type, new EmailDeliveryReport(
                    Json.RequiredString(d, "messageId"), Json.RequiredString(d, "recipient"), Json.RequiredString(d, "status"),
                    Json.OptionalTime(d, "deliveryAttemptTimestamp") ?? time ?? throw Missing("deliveryAttemptTimestamp"))),
                _ => new TranslatedEvent.SubscriptionValidation(id, type, Json.RequiredString(d, "validationCode")),
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

    private static OutboundCallPlaced ReadPlaced(JsonElement d, string timeField, DateTimeOffset? envelopeTime) => new(
        Json.RequiredString(d, "agentId"),
        Json.RequiredString(d, "agentAcsId"),
        Json.RequiredString(d, "dialledNumber"),
        Json.OptionalString(d, "country") ?? string.Empty,
        ReadCallKey(d),
        Json.OptionalTime(d, timeField) ?? envelopeTime ?? throw Missing(timeField),
        Json.OptionalString(d, "location"));

    private static CallEndSignal ReadDialerEnd(JsonElement d, DateTimeOffset? envelopeTime)
    {
        var endedAt = Json.OptionalTime(d, "endedAt") ?? envelopeTime ?? throw Missing("endedAt");
        var details = ReadPlaced(d, "placedAt", endedAt);
        return new CallEndSignal(details.Call, endedAt, CallEndSource.Dialer, details);
    }

    private static CallKey ReadCallKey(JsonElement d)
    {
        var key = new CallKey(Json.OptionalString(d, "serverCallId"), Json.OptionalString(d, "correlationId"));
        return key.IsKnown ? key : throw new MalformedFieldException("data.serverCallId", "missing: a serverCallId or a correlationId is required.");
    }

    private static IncomingCallEvent ReadIncomingCall(JsonElement d, DateTimeOffset? time)
    {
        var to = Json.RequiredObject(d, "to");
        var from = d.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? Json.OptionalString(f, "rawId") : null;
        return new IncomingCallEvent(
            Json.RequiredString(to, "rawId", "data.to.rawId"),
            from,
            Json.RequiredString(d, "incomingCallContext"),
            ReadCallKey(d),
            time);
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
