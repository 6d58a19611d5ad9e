using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using EmergencyFlow.Engine.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace EmergencyFlow.Engine.Tests.Conformance;

/// <summary>
/// What the engine does, written once and run on each orchestration service (one subclass per
/// provider). Each test gets its own task hub.
/// </summary>
public abstract class EngineBehaviourTests(ITestOutputHelper output) : IAsyncLifetime
{
    private EngineHarness? engine;

    protected ITestOutputHelper Output { get; } = output;

    protected string TaskHub { get; } = $"Test{Guid.NewGuid():N}"[..24];

    protected EngineHarness Engine => engine ?? throw new InvalidOperationException("Start the engine first.");

    protected DurableTaskClient Client => Engine.Client;

    /// <summary>The clock the engine runs on unless a test gives it another.</summary>
    protected abstract TimeProvider DefaultClock { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }
    }

    /// <summary>The provider under test, for <see cref="TaskHub"/>.</summary>
    protected abstract IOrchestrationService CreateService(DurableEngineOptions options, ILoggerFactory loggers);

    /// <summary>Lets the instance run until it finishes, moving the provider's time along if it has to.</summary>
    protected abstract Task<OrchestrationMetadata> RunToCompletionAsync(string instanceId);

    protected async Task<EngineHarness> StartEngineAsync(TimeProvider? clock = null)
    {
        engine = await EngineHarness.StartAsync(
            (services, options) => CreateService(options, (ILoggerFactory)services.GetService(typeof(ILoggerFactory))!),
            clock ?? DefaultClock,
            Output);
        return engine;
    }

    protected async Task<string> StartAsync<TOrchestrator>(object? input, string? instanceId = null)
    {
        using var deadline = Eventually.Deadline();
        return await Client.ScheduleNewOrchestrationInstanceAsync(
            typeof(TOrchestrator).Name, input, new Microsoft.DurableTask.StartOrchestrationOptions(instanceId), deadline.Token);
    }

    protected async Task<OrchestrationMetadata> WaitForStartAsync(string instanceId)
    {
        using var deadline = Eventually.Deadline();
        return await Client.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
    }

    [Fact]
    public async Task An_orchestration_runs_its_activities_in_order_and_completes_with_their_answers()
    {
        await StartEngineAsync();

        var id = await StartAsync<StepsOrchestrator>("call");
        var finished = await RunToCompletionAsync(id);

        finished.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        finished.ReadOutputAs<List<string>>().ShouldBe(["CALL-1", "CALL-2", "CALL-3"]);
    }

    [Fact]
    public async Task An_activity_that_fails_once_succeeds_on_its_retry()
    {
        await StartEngineAsync();

        var id = await StartAsync<RetryingOrchestrator>(null);
        var finished = await RunToCompletionAsync(id);

        finished.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);
        finished.ReadOutputAs<string>().ShouldBe("succeeded on attempt 2");
        Engine.Probe.Attempts[id].ShouldBe(2);
    }

    [Fact]
    public async Task An_external_event_reaches_the_orchestration_waiting_for_it()
    {
        await StartEngineAsync();
        var id = await StartAsync<ApprovalOrchestrator>(new ApprovalRequest("leave"));
        await WaitForStartAsync(id);

        await Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "Ana");
        var finished = await RunToCompletionAsync(id);

        finished.ReadOutputAs<string>().ShouldBe("leave approved by Ana");
    }

    [Fact]
    public async Task An_external_event_raised_before_the_orchestration_waits_is_kept_until_it_does()
    {
        await StartEngineAsync();
        var id = await StartAsync<ApprovalOrchestrator>(new ApprovalRequest("expense", HoldFirst: true));
        var held = Engine.Probe.Hold(id);
        await WaitForStartAsync(id);

        // The event is in the history while the orchestration is still inside the held activity.
        await Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "Ben");
        await Eventually.UntilAsync(
            () => Client.GetOrchestrationHistoryAsync(id), history => history.OfType<EventRaisedEvent>().Any(), "the event to be recorded");
        held.SetResult();
        var finished = await RunToCompletionAsync(id);

        finished.ReadOutputAs<string>().ShouldBe("expense approved by Ben");
    }

    [Fact]
    public async Task The_orchestration_clock_is_the_engine_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 1, 10, 0, 0, TimeSpan.Zero));
        await StartEngineAsync(clock);

        var id = await StartAsync<ClockOrchestrator>("tick");
        var finished = await RunToCompletionAsync(id);

        finished.ReadOutputAs<DateTime[]>().ShouldBe([clock.GetUtcNow().UtcDateTime, clock.GetUtcNow().UtcDateTime]);
        finished.CreatedAt.ShouldBe(clock.GetUtcNow());
    }

    [Fact]
    public async Task An_entity_called_by_an_orchestration_and_signalled_by_the_client_keeps_its_state()
    {
        await StartEngineAsync();
        var key = $"c{Guid.NewGuid():N}";
        var counter = new EntityInstanceId(nameof(Counter), key);

        var id = await StartAsync<CountingOrchestrator>(new CountRequest(key, 5));
        var finished = await RunToCompletionAsync(id);
        await Client.Entities.SignalEntityAsync(counter, nameof(Counter.Add), 100);

        finished.ReadOutputAs<int>().ShouldBe(5);
        var entity = await Eventually.UntilAsync(
            () => Client.Entities.GetEntityAsync<int>(counter), found => found?.State == 110, "the counter to reach 5 + 5 + 100");
        entity!.Id.ShouldBe(counter);
        (await Client.Entities.GetEntityAsync(counter, includeState: false))!.IncludesState.ShouldBeFalse();
        var listed = new List<EntityInstanceId>();
        await foreach (var found in Client.Entities.GetAllEntitiesAsync(new EntityQuery { InstanceIdStartsWith = counter.ToString() }))
        {
            listed.Add(found.Id);
        }

        listed.ShouldBe([counter]);
    }

    [Fact]
    public async Task Starting_an_instance_id_that_is_running_fails_and_the_running_instance_carries_on()
    {
        await StartEngineAsync();
        var id = await StartAsync<ApprovalOrchestrator>(new ApprovalRequest("first"), $"dup-{Guid.NewGuid():N}");
        await WaitForStartAsync(id);

        await Should.ThrowAsync<OrchestrationAlreadyExistsException>(() => StartAsync<ApprovalOrchestrator>(new ApprovalRequest("second"), id));
        await Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "Cy");
        var finished = await RunToCompletionAsync(id);

        finished.ReadOutputAs<string>().ShouldBe("first approved by Cy");
    }

    [Fact]
    public async Task Starting_the_id_of_a_finished_instance_runs_it_again_with_the_new_input()
    {
        await StartEngineAsync();
        var id = await StartAsync<StepsOrchestrator>("old", $"again-{Guid.NewGuid():N}");
        await RunToCompletionAsync(id);

        await StartAsync<StepsOrchestrator>("new", id);
        var finished = await RunToCompletionAsync(id);

        finished.ReadOutputAs<List<string>>().ShouldBe(["NEW-1", "NEW-2", "NEW-3"]);
        var history = await Client.GetOrchestrationHistoryAsync(id);
        history.OfType<ExecutionStartedEvent>().Select(started => started.Input).ShouldBe(["\"new\""]);
    }

    [Fact]
    public async Task A_dedupe_status_refuses_to_start_over_a_finished_instance()
    {
        await StartEngineAsync();
        var id = await StartAsync<StepsOrchestrator>("kept", $"kept-{Guid.NewGuid():N}");
        await RunToCompletionAsync(id);

        await Should.ThrowAsync<OrchestrationAlreadyExistsException>(() => Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(StepsOrchestrator), "replacement", new Microsoft.DurableTask.StartOrchestrationOptions(id) { DedupeStatuses = ["Completed"] }));

        (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<string>().ShouldBe("kept");
    }

    [Fact]
    public async Task A_terminated_instance_stops_waiting_and_records_why()
    {
        await StartEngineAsync();
        var id = await StartAsync<ApprovalOrchestrator>(new ApprovalRequest("never"));
        await WaitForStartAsync(id);

        await Client.TerminateInstanceAsync(id, "no longer needed");
        var finished = await RunToCompletionAsync(id);

        finished.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Terminated);
        finished.ReadOutputAs<string>().ShouldBe("no longer needed");
    }

    [Fact]
    public async Task A_suspended_instance_takes_no_event_until_it_is_resumed()
    {
        await StartEngineAsync();
        var id = await StartAsync<ApprovalOrchestrator>(new ApprovalRequest("paused"));
        await WaitForStartAsync(id);

        await Client.SuspendInstanceAsync(id, "hold on");
        await Eventually.UntilAsync(() => Client.GetInstanceAsync(id), found => found?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended, "suspension");
        await Client.RaiseEventAsync(id, TestTasks.ApprovalEvent, "Dee");
        await Client.ResumeInstanceAsync(id, "go on");
        var finished = await RunToCompletionAsync(id);

        finished.ReadOutputAs<string>().ShouldBe("paused approved by Dee");
        var history = await Client.GetOrchestrationHistoryAsync(id);
        history.OfType<ExecutionSuspendedEvent>().ShouldHaveSingleItem();
        history.OfType<ExecutionResumedEvent>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_finished_instance_is_purged_and_a_running_one_is_not()
    {
        await StartEngineAsync();
        var done = await StartAsync<StepsOrchestrator>("purge");
        await RunToCompletionAsync(done);
        var running = await StartAsync<ApprovalOrchestrator>(new ApprovalRequest("keep"));
        await WaitForStartAsync(running);

        var purgedDone = await Client.PurgeInstanceAsync(done);
        var purgedRunning = await Client.PurgeInstanceAsync(running);

        purgedDone.PurgedInstanceCount.ShouldBe(1);
        (await Client.GetInstanceAsync(done)).ShouldBeNull();
        purgedRunning.PurgedInstanceCount.ShouldBe(0);
        (await Client.GetInstanceAsync(running))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Running);
    }

    [Fact]
    public async Task Instances_are_listed_by_id_prefix()
    {
        await StartEngineAsync();
        var prefix = $"batch-{Guid.NewGuid():N}-";
        string[] batch = [await StartAsync<StepsOrchestrator>("a", prefix + "1"), await StartAsync<StepsOrchestrator>("b", prefix + "2"), await StartAsync<StepsOrchestrator>("c", prefix + "3")];
        await StartAsync<StepsOrchestrator>("other", $"other-{Guid.NewGuid():N}");

        var listed = new List<string>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 2 }))
        {
            listed.Add(instance.InstanceId);
        }

        listed.Order().ShouldBe(batch);
    }

    [Fact]
    public async Task The_history_of_an_instance_reads_as_what_happened_to_it()
    {
        await StartEngineAsync();
        var id = await StartAsync<StepsOrchestrator>("story");
        await RunToCompletionAsync(id);

        var history = await Client.GetOrchestrationHistoryAsync(id);

        history.OfType<ExecutionStartedEvent>().ShouldHaveSingleItem().Name.ShouldBe(nameof(StepsOrchestrator));
        history.OfType<TaskScheduledEvent>().Select(scheduled => scheduled.Name).ShouldBe([TestTasks.Echo, TestTasks.Echo, TestTasks.Echo]);
        history.OfType<TaskCompletedEvent>().Select(completed => completed.Result).ShouldBe(["\"STORY-1\"", "\"STORY-2\"", "\"STORY-3\""]);
        history.OfType<ExecutionCompletedEvent>().ShouldHaveSingleItem().OrchestrationStatus.ShouldBe(OrchestrationStatus.Completed);
    }

    [Fact]
    public async Task Each_activity_invocation_runs_in_its_own_service_scope()
    {
        await StartEngineAsync();

        var id = await StartAsync<ScopedWorkOrchestrator>(null);
        var scopes = (await RunToCompletionAsync(id)).ReadOutputAs<Guid[]>()!;

        scopes.Distinct().Count().ShouldBe(2);
        Engine.Probe.Disposed.ShouldContain(scopes[0]);
        Engine.Probe.Disposed.ShouldContain(scopes[1]);
    }

    [Fact]
    public async Task An_orchestrator_nobody_registered_fails_its_instance_with_its_name()
    {
        await StartEngineAsync();

        var id = await Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator");
        var finished = await RunToCompletionAsync(id);

        finished.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Failed);
        // Azure Storage keeps a failure as the instance's output text rather than as FailureDetails (so does
        // Durable Functions on it); other providers fill FailureDetails.
        (finished.FailureDetails?.ErrorMessage ?? finished.SerializedOutput).ShouldNotBeNull().ShouldContain("NoSuchOrchestrator");
    }
}
