using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;

namespace EmergencyFlow.Engine;

/// <summary>
/// How the engine runs: the clock orchestrations see, the serializer both sides of the durable boundary
/// use, and concurrency limits handed to the orchestration service where it takes them.
/// </summary>
public sealed class DurableEngineOptions
{
    /// <summary>
    /// The clock stamped on each orchestration work item, and so the orchestrator's
    /// <c>CurrentUtcDateTime</c>; also the client's clock for creation times and signal scheduling.
    /// <see cref="TimeProvider.System"/> behaves exactly like Durable Functions. A fake or accelerated
    /// clock is only consistent end to end when the orchestration service takes the same clock for its
    /// timers (the SQLite provider does; Azure Storage's timers follow queue visibility in real time).
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Serializer for inputs, outputs, events and entity state, shared by the worker and the client so
    /// that one reads what the other wrote. Defaults to durabletask-dotnet's System.Text.Json converter,
    /// the one Durable Functions' isolated worker uses.
    /// </summary>
    public DataConverter DataConverter { get; set; } = JsonDataConverter.Default;

    /// <summary>Orchestration work items processed at once; null keeps the orchestration service's own setting.</summary>
    public int? MaxConcurrentOrchestrations { get; set; }

    /// <summary>Activity work items processed at once; null keeps the orchestration service's own setting.</summary>
    public int? MaxConcurrentActivities { get; set; }

    /// <summary>Entity work items processed at once; null keeps the orchestration service's own setting.</summary>
    public int? MaxConcurrentEntities { get; set; }

    /// <summary>Name of the <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/> the engine registers.</summary>
    public string ClientName { get; set; } = "Engine";

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(DataConverter);
        ArgumentException.ThrowIfNullOrWhiteSpace(ClientName);
        ThrowIfNotPositive(MaxConcurrentOrchestrations, nameof(MaxConcurrentOrchestrations));
        ThrowIfNotPositive(MaxConcurrentActivities, nameof(MaxConcurrentActivities));
        ThrowIfNotPositive(MaxConcurrentEntities, nameof(MaxConcurrentEntities));
    }

    private static void ThrowIfNotPositive(int? value, string name)
    {
        if (value is <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "A concurrency limit must be at least 1.");
        }
    }
}
