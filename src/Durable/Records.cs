using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmergencyFlow.Durable;

/// <summary>What kind of durable action a journal entry records.</summary>
public enum ActionKind
{
    /// <summary>A side-effect step (activity).</summary>
    Step,

    /// <summary>A call or signal to the callback pool.</summary>
    Pool,

    /// <summary>The wait for the call's end.</summary>
    WaitForCallEnd,

    /// <summary>A durable sleep.</summary>
    Sleep,
}

/// <summary>One completed durable action: enough to replay it without doing it again.</summary>
/// <param name="Sequence">0-based position in the instance's journal.</param>
/// <param name="Kind">The kind of action.</param>
/// <param name="Name">Step or operation name.</param>
/// <param name="Key">Idempotency key or lease id, for non-determinism checks.</param>
/// <param name="ResultJson">The result, serialized.</param>
/// <param name="Error">The failure reason when a step failed after its retries.</param>
/// <param name="RecordedAt">When the action completed: the replay-safe "now" after it.</param>
public sealed record JournalEntry(int Sequence, ActionKind Kind, string Name, string? Key, string? ResultJson, string? Error, DateTimeOffset RecordedAt);

/// <summary>Runtime status of an instance.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuntimeStatus>))]
public enum RuntimeStatus
{
    /// <summary>Running or waiting for an event or a timer.</summary>
    Running,

    /// <summary>Finished normally.</summary>
    Completed,

    /// <summary>Stopped by an error that is not a step failure (a bug, or a non-deterministic change).</summary>
    Failed,
}

/// <summary>An instance as the store keeps it.</summary>
public sealed record InstanceRecord(
    string InstanceId,
    string InputJson,
    DateTimeOffset CreatedAt,
    RuntimeStatus Status,
    string? CustomStatusJson,
    string? OutputJson,
    DateTimeOffset? WakeAt,
    DateTimeOffset UpdatedAt,
    string? Error);

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
