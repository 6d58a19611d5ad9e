using System.Text.Json.Serialization;

namespace EmergencyFlow.Durable;

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
