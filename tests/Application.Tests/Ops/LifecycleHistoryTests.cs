using DurableTask.Core;
using DurableTask.Core.History;
using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.Application.Tests.Ops;

/// <summary>A lifecycle's durable history read as the actions operators see.</summary>
public class LifecycleHistoryTests
{
    private static readonly DateTime T0 = new(2026, 11, 21, 19, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Steps_pool_operations_timers_and_the_first_call_end_are_actions_and_a_failed_step_carries_its_error()
    {
        HistoryEvent[] history =
        [
            new ExecutionStartedEvent(-1, "{}") { Timestamp = T0 },
            new TaskScheduledEvent(0, "IdentifyAgent") { Timestamp = T0 },
            new TaskScheduledEvent(1, "SetDoNotDisturb") { Timestamp = T0 },
            new TaskFailedEvent(-1, 1, null, null, new FailureDetails("StepFailedException", "Graph said no", null, null, false)),
            new EventSentEvent(2) { InstanceId = "@callbackpool@default", Name = "op", Input = """{"op":"Lease","id":"x"}""", Timestamp = T0 },
            new EventRaisedEvent(-1, "{}") { Name = "a-response-id" },
            new TimerCreatedEvent(3) { FireAt = T0.AddMinutes(30), Timestamp = T0 },
            new EventRaisedEvent(-1, "{}") { Name = "CallEnded", Timestamp = T0.AddMinutes(12) },
            new EventRaisedEvent(-1, "{}") { Name = "CallEnded", Timestamp = T0.AddMinutes(13) },
        ];

        var actions = LifecycleHistory.Actions(history);

        actions.Select(a => (a.Sequence, a.Kind, a.Name)).ShouldBe(
        [
            (0, "Step", "IdentifyAgent"), (1, "Step", "SetDoNotDisturb"), (2, "Pool", "Lease"),
            (3, "Timer", "2026-11-21 19:30 UTC"), (4, "Event", "CallEnded"),
        ]);
        actions[1].Error.ShouldBe("Graph said no");
        actions[4].RecordedAt.ShouldBe(new DateTimeOffset(T0.AddMinutes(12)));
    }

    [Fact]
    public void A_pool_request_that_cannot_be_read_is_named_with_a_question_mark_not_an_error()
    {
        var actions = LifecycleHistory.Actions([new EventSentEvent(0) { InstanceId = "@callbackpool@default", Input = "not json" }]);

        actions.ShouldHaveSingleItem().Name.ShouldBe("?");
    }
}
