using DurableTask.Core;
using DurableTask.Core.History;
using EmergencyFlow.Engine.Sqlite.Tests.Support;
using Newtonsoft.Json;

namespace EmergencyFlow.Engine.Sqlite.Tests;

/// <summary>Orchestrations on DurableTask.Core's own worker: activities, events, timers, continue-as-new, terminate.</summary>
public sealed class OrchestrationTests : IAsyncLifetime
{
    private readonly Greeter greeter = new();
    private readonly ProviderHost host = new();

    public async Task InitializeAsync() => await host.WithActivity(greeter).StartAsync(typeof(ThreeGreetings), typeof(AwaitApproval), typeof(Sleeper), typeof(CountToThree));

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task An_orchestration_runs_its_activities_in_order_and_completes_with_their_results()
    {
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "run-1", "ada");

        var state = await host.CompletionAsync(instance.InstanceId);

        state.OrchestrationStatus.ShouldBe(OrchestrationStatus.Completed);
        JsonConvert.DeserializeObject<string>(state.Output).ShouldBe("hello ada-1|hello ada-2|hello ada-3");
        greeter.Invocations.ShouldBe(3);
    }

    [Fact]
    public async Task An_event_sent_before_the_orchestration_waits_for_it_is_delivered()
    {
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "approval-1", "");
        await host.Client.RaiseEventAsync(instance, "approve", "grace");

        var state = await host.CompletionAsync(instance.InstanceId);

        JsonConvert.DeserializeObject<string>(state.Output).ShouldBe("approved by grace");
    }

    [Fact]
    public async Task An_event_sent_while_the_orchestration_waits_wakes_it()
    {
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "approval-2", "");
        await host.IdleAsync();
        (await host.Client.GetOrchestrationStateAsync(instance.InstanceId)).ShouldNotBeNull().OrchestrationStatus.ShouldBe(OrchestrationStatus.Running);

        await host.Client.RaiseEventAsync(instance, "approve", "linus");

        JsonConvert.DeserializeObject<string>((await host.CompletionAsync(instance.InstanceId)).Output).ShouldBe("approved by linus");
    }

    [Fact]
    public async Task A_durable_timer_fires_only_when_the_provider_clock_reaches_it()
    {
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(Sleeper), "sleeper-1", "");
        await host.IdleAsync();
        var fireAt = TimerFireAt(await host.Client.GetOrchestrationHistoryAsync(instance));

        host.Clock.SetUtcNow(new DateTimeOffset(fireAt.AddTicks(-1), TimeSpan.Zero));
        await host.IdleAsync();
        (await host.Client.GetOrchestrationStateAsync(instance.InstanceId)).ShouldNotBeNull().OrchestrationStatus.ShouldBe(OrchestrationStatus.Running);

        host.Clock.SetUtcNow(new DateTimeOffset(fireAt, TimeSpan.Zero));
        var state = await host.CompletionAsync(instance.InstanceId);

        state.OrchestrationStatus.ShouldBe(OrchestrationStatus.Completed);
        JsonConvert.DeserializeObject<DateTime>(state.Output).ShouldBe(fireAt);
    }

    [Fact]
    public async Task Continue_as_new_starts_a_fresh_execution_whose_history_replaces_the_old_one()
    {
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(CountToThree), "count-1", 0);

        var state = await host.CompletionAsync(instance.InstanceId);

        JsonConvert.DeserializeObject<int>(state.Output).ShouldBe(3);
        var history = ReadHistory(await host.Client.GetOrchestrationHistoryAsync(state.OrchestrationInstance));
        history.OfType<ExecutionStartedEvent>().ShouldHaveSingleItem().Input.ShouldBe("3");
        history.OfType<ExecutionStartedEvent>().Single().OrchestrationInstance.ExecutionId.ShouldBe(state.OrchestrationInstance.ExecutionId);
    }

    [Fact]
    public async Task A_terminated_orchestration_ends_as_terminated_with_the_reason()
    {
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "terminate-1", "");
        await host.IdleAsync();

        await host.Client.TerminateInstanceAsync(instance, "operator stop");
        var state = await host.CompletionAsync(instance.InstanceId);

        state.OrchestrationStatus.ShouldBe(OrchestrationStatus.Terminated);
        state.Output.ShouldContain("operator stop");
    }

    [Fact]
    public async Task The_history_read_back_as_json_keeps_every_event_type()
    {
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "history-1", "ada");
        await host.CompletionAsync(instance.InstanceId);

        var history = ReadHistory(await host.Client.GetOrchestrationHistoryAsync(instance));

        history.Select(e => e.EventType).ShouldBe(
        [
            EventType.OrchestratorStarted, EventType.ExecutionStarted, EventType.TaskScheduled, EventType.OrchestratorCompleted,
            EventType.OrchestratorStarted, EventType.TaskCompleted, EventType.TaskScheduled, EventType.OrchestratorCompleted,
            EventType.OrchestratorStarted, EventType.TaskCompleted, EventType.TaskScheduled, EventType.OrchestratorCompleted,
            EventType.OrchestratorStarted, EventType.TaskCompleted, EventType.ExecutionCompleted, EventType.OrchestratorCompleted,
        ]);
        history.OfType<TaskCompletedEvent>().Select(e => JsonConvert.DeserializeObject<string>(e.Result)).ShouldBe(["hello ada-1", "hello ada-2", "hello ada-3"]);
    }

    /// <summary>The history JSON as the provider documents it: Newtonsoft.Json with TypeNameHandling.Auto.</summary>
    internal static List<HistoryEvent> ReadHistory(string json) =>
        JsonConvert.DeserializeObject<List<HistoryEvent>>(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto })!;

    private static DateTime TimerFireAt(string historyJson) => ReadHistory(historyJson).OfType<TimerCreatedEvent>().Single().FireAt;
}
