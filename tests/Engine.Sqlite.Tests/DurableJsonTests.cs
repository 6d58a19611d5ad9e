using System.Runtime.CompilerServices;
using DurableTask.Core;
using DurableTask.Core.History;

namespace EmergencyFlow.Engine.Sqlite.Tests;

/// <summary>How the provider stores DurableTask.Core's objects: every history event type comes back as itself.</summary>
public sealed class DurableJsonTests
{
    public static TheoryData<Type> EveryHistoryEventType =>
        new(typeof(HistoryEvent).Assembly.GetTypes().Where(type => type.IsSubclassOf(typeof(HistoryEvent)) && !type.IsAbstract));

    [Theory]
    [MemberData(nameof(EveryHistoryEventType))]
    public void A_stored_history_event_reads_back_as_its_own_type_with_its_id_and_time(Type type)
    {
        var original = (HistoryEvent)RuntimeHelpers.GetUninitializedObject(type);
        // EventId has a private setter (DurableTask.Core sets it from constructors); the stored form must keep it.
        typeof(HistoryEvent).GetProperty(nameof(HistoryEvent.EventId))!.SetValue(original, 7);
        original.Timestamp = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc);

        var read = DurableJson.ReadEvent(DurableJson.Write(original));

        read.GetType().ShouldBe(type);
        read.EventType.ShouldBe(original.EventType);
        read.EventId.ShouldBe(7);
        read.Timestamp.ShouldBe(original.Timestamp);
    }

    [Fact]
    public void A_stored_message_keeps_its_event_and_its_target()
    {
        var message = new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" },
            Event = new EventRaisedEvent(-1, "\"2030-01-02T03:04:05Z\"") { Name = "approve" },
        };

        var read = DurableJson.ReadMessage(DurableJson.Write(message));

        read.OrchestrationInstance.InstanceId.ShouldBe("i");
        read.OrchestrationInstance.ExecutionId.ShouldBe("e");
        var raised = read.Event.ShouldBeOfType<EventRaisedEvent>();
        raised.Name.ShouldBe("approve");
        raised.Input.ShouldBe("\"2030-01-02T03:04:05Z\"");
    }

    [Fact]
    public void A_stored_type_outside_DurableTask_Core_is_refused()
    {
        const string Tampered = """{"$type":"System.IO.FileInfo, System.Private.CoreLib","EventId":1}""";

        Should.Throw<Newtonsoft.Json.JsonSerializationException>(() => DurableJson.ReadEvent(Tampered));
    }
}
