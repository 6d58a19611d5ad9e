using System.Globalization;
using System.Text.Json;

namespace EmergencyFlow.Application.Events;

/// <summary>Reads an event's fields; a missing or damaged field is a <see cref="MalformedFieldException"/> that names it.</summary>
internal static class EventFields
{
    public static string RequiredString(JsonElement obj, string name, string? path = null)
    {
        var text = OptionalString(obj, name, path) ?? throw new MalformedFieldException(path ?? "data." + name, "missing or empty.");
        // A required id or number with damaged characters would address the wrong agent or call: refused, never guessed.
        return text.Contains('\uFFFD', StringComparison.Ordinal)
            ? throw new MalformedFieldException(path ?? "data." + name, "holds damaged characters (invalid UTF-8 or a lone UTF-16 surrogate).")
            : text;
    }

    public static string? OptionalString(JsonElement obj, string name, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new MalformedFieldException(path ?? "data." + name, $"must be a string, not {value.ValueKind}.");
        }

        var text = value.GetString();
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public static JsonElement RequiredObject(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new MalformedFieldException("data." + name, "missing or not an object.");

    public static DateTimeOffset? OptionalTime(JsonElement obj, string name)
    {
        var text = OptionalString(obj, name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new MalformedFieldException("data." + name, $"'{text}' is not an ISO 8601 time.");
    }
}

/// <summary>A field of one event is missing or wrong.</summary>
internal sealed class MalformedFieldException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}
