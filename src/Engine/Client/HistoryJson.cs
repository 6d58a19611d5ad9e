using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;

namespace EmergencyFlow.Engine.Client;

/// <summary>
/// Reads the history JSON an orchestration service returns from
/// <c>IOrchestrationServiceClient.GetOrchestrationHistoryAsync</c>. Providers write the events without
/// type names (Azure Storage uses a plain Newtonsoft serializer), so each one's concrete
/// <see cref="HistoryEvent"/> type comes from its <c>EventType</c> field; DurableTask.Core's own
/// converter then fills it, exactly as the provider's serializer wrote it.
/// </summary>
internal static class HistoryJson
{
    private static readonly FrozenDictionary<EventType, Type> TypesByEventType = MapEventTypes();

    public static IList<HistoryEvent> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException("The orchestration service returned history that is not a JSON array.");
        }

        var events = new List<HistoryEvent>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            var eventType = ReadEventType(element);
            if (!TypesByEventType.TryGetValue(eventType, out var type))
            {
                throw new InvalidOperationException($"History holds an event of type {eventType}, which DurableTask.Core does not define.");
            }

            events.Add((HistoryEvent)(JsonDataConverter.Default.Deserialize(element.GetRawText(), type)
                ?? throw new InvalidOperationException("History holds a null event.")));
        }

        return events;
    }

    private static EventType ReadEventType(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object
            && (element.TryGetProperty("EventType", out var value) || element.TryGetProperty("eventType", out value)))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return (EventType)number;
            }

            if (value.ValueKind == JsonValueKind.String && Enum.TryParse<EventType>(value.GetString(), ignoreCase: true, out var named))
            {
                return named;
            }
        }

        throw new InvalidOperationException("A history event carries no EventType.");
    }

    private static FrozenDictionary<EventType, Type> MapEventTypes()
    {
        // Every concrete event type reports its EventType from a constant property override, which an
        // uninitialized instance answers as well as a constructed one.
        var map = new Dictionary<EventType, Type>();
        foreach (var type in typeof(HistoryEvent).Assembly.GetExportedTypes())
        {
            if (type.IsAbstract || !typeof(HistoryEvent).IsAssignableFrom(type))
            {
                continue;
            }

            var sample = (HistoryEvent)RuntimeHelpers.GetUninitializedObject(type);
            if (type.GetProperty(nameof(HistoryEvent.EventType), BindingFlags.Public | BindingFlags.Instance)?.GetValue(sample) is EventType eventType)
            {
                // Should two public types answer the same EventType, the less derived one describes it.
                if (!map.TryGetValue(eventType, out var known) || known.IsSubclassOf(type))
                {
                    map[eventType] = type;
                }
            }
        }

        return map.ToFrozenDictionary();
    }
}
