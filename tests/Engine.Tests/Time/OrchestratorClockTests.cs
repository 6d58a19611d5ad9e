using DurableTask.Core;
using DurableTask.Core.History;
using EmergencyFlow.Engine.Time;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Engine.Tests.Time;

public sealed class OrchestratorClockTests
{
    private static readonly DateTime FirstEpisode = new(2030, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_work_item_new_start_event_takes_the_engine_time_and_stored_ones_keep_theirs()
    {
        // History as storage hands it back: one earlier episode, already stamped.
        var state = new OrchestrationRuntimeState(
        [
            new OrchestratorStartedEvent(-1) { Timestamp = FirstEpisode },
            new ExecutionStartedEvent(-1, null) { Name = "Any", OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" } },
            new OrchestratorCompletedEvent(-1),
        ]);
        var thisEpisode = new OrchestratorStartedEvent(-1);
        state.AddEvent(thisEpisode);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 9, 30, 0, TimeSpan.Zero));

        OrchestratorClock.Stamp(state, clock);

        thisEpisode.Timestamp.ShouldBe(clock.GetUtcNow().UtcDateTime);
        state.PastEvents.OfType<OrchestratorStartedEvent>().ShouldHaveSingleItem().Timestamp.ShouldBe(FirstEpisode);
    }
}
