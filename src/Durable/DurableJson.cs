using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyFlow.Durable;

/// <summary>The serializer settings of everything the runtime persists.</summary>
public static class DurableJson
{
    /// <summary>Web defaults (camelCase), enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Serializes a value.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Deserializes a value that must be present.</summary>
    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"Stored {typeof(T).Name} is empty.");
}
