using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// How the ops API writes JSON on both hosts: camelCase, enums as words, and one timestamp format
/// (ISO 8601 in UTC with <c>Z</c>), so a person reading two responses never converts offsets.
/// </summary>
public static class OpsJson
{
    /// <summary>Web defaults with <see cref="UtcTimestampConverter"/> and string enums.</summary>
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Adds the ops API's converters to a host's serializer options (ASP.NET Core, Functions).</summary>
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new UtcTimestampConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>The one timestamp format: <c>2026-11-21T19:00:00Z</c> (fractions only when there are any).</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString(at.UtcTicks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Writes every <see cref="DateTimeOffset"/> as UTC with <c>Z</c>; reads any ISO 8601 offset.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(OpsJson.Timestamp(value));
    }
}
