using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Query;
using EmergencyFlow.Engine.Sqlite.Tests.Support;
using Newtonsoft.Json;

namespace EmergencyFlow.Engine.Sqlite.Tests;

/// <summary>What a client sees: creation and de-duplication, purges, paged queries, messages nobody can take.</summary>
public sealed class ClientTests : IAsyncLifetime
{
    private static readonly OrchestrationStatus[] Live = [OrchestrationStatus.Pending, OrchestrationStatus.Running];
    private readonly Greeter greeter = new();
    private readonly ProviderHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_created_instance_is_readable_as_pending_before_any_worker_runs()
    {
        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "pending-1", "ada");

        var state = (await host.Client.GetOrchestrationStateAsync("pending-1")).ShouldNotBeNull();

        state.OrchestrationStatus.ShouldBe(OrchestrationStatus.Pending);
        state.Name.ShouldBe(NameVersionHelper.GetDefaultName(typeof(ThreeGreetings)));
        JsonConvert.DeserializeObject<string>(state.Input).ShouldBe("ada");
        state.CreatedTime.ShouldBe(host.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public async Task A_second_start_of_a_live_instance_is_refused_when_its_status_is_deduplicated()
    {
        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "dedupe-1", "first");

        await Should.ThrowAsync<OrchestrationAlreadyExistsException>(
            host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "dedupe-1", "second", Live));

        await host.WithActivity(greeter).StartAsync(typeof(ThreeGreetings));
        JsonConvert.DeserializeObject<string>((await host.CompletionAsync("dedupe-1")).Output).ShouldStartWith("hello first-1");
        greeter.Invocations.ShouldBe(3);
    }

    [Fact]
    public async Task A_start_after_completion_replaces_the_finished_instance_with_a_new_execution()
    {
        await host.WithActivity(greeter).StartAsync(typeof(ThreeGreetings));
        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "again-1", "first");
        var first = await host.CompletionAsync("again-1");

        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "again-1", "second", Live);
        await host.IdleAsync();
        var second = await host.CompletionAsync("again-1");

        second.OrchestrationInstance.ExecutionId.ShouldNotBe(first.OrchestrationInstance.ExecutionId);
        JsonConvert.DeserializeObject<string>(second.Output).ShouldBe("hello second-1|hello second-2|hello second-3");
        var history = OrchestrationTests.ReadHistory(await host.Client.GetOrchestrationHistoryAsync(second.OrchestrationInstance));
        history.OfType<DurableTask.Core.History.ExecutionStartedEvent>().ShouldHaveSingleItem();
        history.Count(e => e.EventType == DurableTask.Core.History.EventType.TaskScheduled).ShouldBe(3);
    }

    [Fact]
    public async Task Purging_a_finished_instance_removes_its_state_history_and_messages_but_a_live_one_stays()
    {
        await host.WithActivity(greeter).StartAsync(typeof(ThreeGreetings), typeof(AwaitApproval));
        var done = await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "purge-done", "x");
        var waiting = await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "purge-live", "");
        await host.CompletionAsync(done.InstanceId);
        await host.IdleAsync();

        var purgedDone = await host.Service.PurgeInstanceStateAsync(done.InstanceId);
        var purgedLive = await host.Service.PurgeInstanceStateAsync(waiting.InstanceId);

        purgedDone.DeletedInstanceCount.ShouldBe(1);
        purgedLive.DeletedInstanceCount.ShouldBe(0);
        (await host.Client.GetOrchestrationStateAsync(done.InstanceId)).ShouldBeNull();
        (await host.Client.GetOrchestrationHistoryAsync(done)).ShouldBe("[]");
        (await host.Client.GetOrchestrationStateAsync(waiting.InstanceId)).ShouldNotBeNull().OrchestrationStatus.ShouldBe(OrchestrationStatus.Running);
    }

    [Fact]
    public async Task A_purge_by_filter_takes_only_finished_instances_created_in_its_range()
    {
        await host.WithActivity(greeter).StartAsync(typeof(ThreeGreetings), typeof(AwaitApproval));
        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "old-done", "x");
        await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "old-live", "");
        await host.CompletionAsync("old-done");
        await host.IdleAsync();
        var cutoff = host.Clock.GetUtcNow().UtcDateTime;
        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "new-done", "y");
        await host.CompletionAsync("new-done");

        var result = await host.Service.PurgeInstanceStateAsync(new PurgeInstanceFilter(DateTime.MinValue, cutoff, null));

        result.DeletedInstanceCount.ShouldBe(1);
        (await host.Client.GetOrchestrationStateAsync("old-done")).ShouldBeNull();
        (await host.Client.GetOrchestrationStateAsync("old-live")).ShouldNotBeNull();
        (await host.Client.GetOrchestrationStateAsync("new-done")).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_query_pages_by_prefix_with_a_continuation_token_and_leaves_entities_out()
    {
        foreach (var id in new[] { "call-3", "call-1", "other-1", "call-2" })
        {
            await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), id, id);
        }

        await host.Service.SendTaskOrchestrationMessageAsync(Counter.Signal("call-9", "add", 1));
        await host.WithActivity(greeter).WithEntity(Counter.Name, new Counter()).StartAsync(typeof(ThreeGreetings));
        await host.IdleAsync();

        var query = new OrchestrationQuery { InstanceIdPrefix = "call-", PageSize = 2, ExcludeEntities = true };
        var first = await host.Service.GetOrchestrationWithQueryAsync(query, CancellationToken.None);
        query.ContinuationToken = first.ContinuationToken;
        var second = await host.Service.GetOrchestrationWithQueryAsync(query, CancellationToken.None);

        first.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId).ShouldBe(["call-1", "call-2"]);
        second.OrchestrationState.Select(s => s.OrchestrationInstance.InstanceId).ShouldBe(["call-3"]);
        second.ContinuationToken.ShouldBeNull();
    }

    [Fact]
    public async Task A_query_by_status_returns_only_instances_in_those_statuses_and_inputs_only_when_asked()
    {
        await host.WithActivity(greeter).StartAsync(typeof(ThreeGreetings), typeof(AwaitApproval));
        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "status-done", "x");
        await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "status-live", "wait");
        await host.CompletionAsync("status-done");
        await host.IdleAsync();

        var running = await host.Service.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Running], FetchInputsAndOutputs = true }, CancellationToken.None);
        var completed = await host.Service.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery { RuntimeStatus = [OrchestrationStatus.Completed], FetchInputsAndOutputs = false }, CancellationToken.None);

        running.OrchestrationState.ShouldHaveSingleItem().Input.ShouldBe("\"wait\"");
        var done = completed.OrchestrationState.ShouldHaveSingleItem();
        done.OrchestrationInstance.InstanceId.ShouldBe("status-done");
        done.Output.ShouldBeNull();
    }

    [Fact]
    public async Task A_message_for_an_instance_that_does_not_exist_is_dropped_and_deleted()
    {
        await host.StartAsync(typeof(AwaitApproval));

        await host.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = "nobody" }, "approve", "x");
        await host.IdleAsync();

        host.CountRows("messages").ShouldBe(0);
        (await host.Client.GetOrchestrationStateAsync("nobody")).ShouldBeNull();
    }

    [Fact]
    public async Task Waiting_for_an_instance_that_does_not_finish_in_time_returns_null()
    {
        await host.StartAsync(typeof(AwaitApproval));
        await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "never", "");

        var state = await host.Service.WaitForOrchestrationAsync("never", null!, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        state.ShouldBeNull();
    }

    [Fact]
    public async Task A_message_for_a_finished_instance_is_dropped_and_leaves_it_as_it_ended()
    {
        await host.WithActivity(greeter).StartAsync(typeof(ThreeGreetings));
        var instance = await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "finished-1", "x");
        var ended = await host.CompletionAsync(instance.InstanceId);

        await host.Client.RaiseEventAsync(instance, "late", "y");
        await host.IdleAsync();

        host.CountRows("messages").ShouldBe(0);
        var state = (await host.Client.GetOrchestrationStateAsync(instance.InstanceId)).ShouldNotBeNull();
        state.OrchestrationStatus.ShouldBe(OrchestrationStatus.Completed);
        state.Output.ShouldBe(ended.Output);
        state.LastUpdatedTime.ShouldBe(ended.LastUpdatedTime);
    }

    [Fact]
    public async Task A_start_not_refused_replaces_a_running_instance_even_while_its_work_item_runs()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await host.WithActivity(greeter)
            .WithOrchestrationMiddleware(async (context, next) =>
            {
                // Holds the old execution's first work item until the new start is stored.
                if (context.GetProperty<OrchestrationRuntimeState>().Name == NameVersionHelper.GetDefaultName(typeof(AwaitApproval)))
                {
                    entered.TrySetResult();
                    await release.Task;
                }

                await next();
            })
            .StartAsync(typeof(ThreeGreetings), typeof(AwaitApproval));
        await host.Client.CreateOrchestrationInstanceAsync(typeof(AwaitApproval), "replace-live", "");
        await entered.Task.WaitAsync(Deadline.Token());

        await host.Client.CreateOrchestrationInstanceAsync(typeof(ThreeGreetings), "replace-live", "new");
        release.TrySetResult();
        var state = await host.CompletionAsync("replace-live");

        state.Name.ShouldBe(NameVersionHelper.GetDefaultName(typeof(ThreeGreetings)));
        JsonConvert.DeserializeObject<string>(state.Output).ShouldBe("hello new-1|hello new-2|hello new-3");
        var history = OrchestrationTests.ReadHistory(await host.Client.GetOrchestrationHistoryAsync(state.OrchestrationInstance));
        history.OfType<DurableTask.Core.History.ExecutionStartedEvent>().ShouldHaveSingleItem().Name.ShouldBe(state.Name);
    }
}
