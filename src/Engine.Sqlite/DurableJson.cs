using System.Runtime.CompilerServices;
using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>
/// How the provider stores DurableTask.Core's objects: Newtonsoft.Json (DurableTask.Core's own serializer)
/// with <see cref="TypeNameHandling.Auto"/>, so each <see cref="HistoryEvent"/> keeps its concrete type
/// (<c>$type</c>) wherever it is held through the base type; the binder resolves only DurableTask.Core's
/// own types and string dictionaries, so a tampered file cannot make the process load any other type.
/// </summary>
internal static class DurableJson
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        SerializationBinder = new CoreTypesOnlyBinder(),
        ContractResolver = new CoreContractResolver(),
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        NullValueHandling = NullValueHandling.Ignore,
        MaxDepth = 64,
    };

    public static string Write(TaskMessage message) => JsonConvert.SerializeObject(message, Settings);

    public static string Write(HistoryEvent historyEvent) => JsonConvert.SerializeObject(historyEvent, typeof(HistoryEvent), Settings);

    public static string Write(OrchestrationState state) => JsonConvert.SerializeObject(state, Settings);

    public static TaskMessage ReadMessage(string json) =>
        JsonConvert.DeserializeObject<TaskMessage>(json, Settings) ?? throw new InvalidDataException("A stored message is empty.");

    public static HistoryEvent ReadEvent(string json) =>
        JsonConvert.DeserializeObject<HistoryEvent>(json, Settings) ?? throw new InvalidDataException("A stored history event is empty.");

    public static OrchestrationState ReadState(string json) =>
        JsonConvert.DeserializeObject<OrchestrationState>(json, Settings) ?? throw new InvalidDataException("A stored instance is empty.");

    /// <summary>
    /// Gives a constructor to the event types Newtonsoft.Json cannot build (two public constructors and no
    /// default one: <see cref="ExecutionRewoundEvent"/>): the object is created empty and filled from its
    /// stored members. Without it one stored rewind request would stop the provider from loading the file.
    /// </summary>
    private sealed class CoreContractResolver : DefaultContractResolver
    {
        protected override JsonObjectContract CreateObjectContract(Type objectType)
        {
            var contract = base.CreateObjectContract(objectType);
            if (contract.DefaultCreator is null && contract.CreatorParameters.Count == 0 && contract.OverrideCreator is null
                && typeof(HistoryEvent).IsAssignableFrom(objectType) && !objectType.IsAbstract)
            {
                contract.DefaultCreator = () => RuntimeHelpers.GetUninitializedObject(objectType);
            }

            return contract;
        }
    }

    private sealed class CoreTypesOnlyBinder : ISerializationBinder
    {
        private static readonly DefaultSerializationBinder Default = new();

        public Type BindToType(string? assemblyName, string typeName)
        {
            var type = Default.BindToType(assemblyName, typeName);
            return IsAllowed(type)
                ? type
                : throw new JsonSerializationException($"The stored type '{typeName}' is not a DurableTask.Core type.");
        }

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            Default.BindToName(serializedType, out assemblyName, out typeName);

        private static bool IsAllowed(Type type) =>
            type.Assembly == typeof(HistoryEvent).Assembly
            || type == typeof(Dictionary<string, string>)
            || type == typeof(List<string>);
    }
}
