using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Entities;
using EmergencyFlow.Engine.Sqlite.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Engine.Sqlite.Tests;

/// <summary>A DurableTask.Core-native entity signalled by clients and read through the provider's entity queries.</summary>
public sealed class EntityTests : IAsyncLifetime
{
    // An hour behind the real clock: DurableTask.Core's entity dispatcher holds back a delayed signal that
    // arrives before its time by the real clock, so the provider's (fake) time must not run ahead of it.
    private readonly ProviderHost host = new(clock: new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task An_entity_signalled_many_times_at_once_applies_every_signal_exactly_once()
    {
        await host.WithEntity(Counter.Name, new Counter()).StartAsync();

        await Task.WhenAll(Enumerable.Range(1, 200).Select(_ => host.Service.SendTaskOrchestrationMessageAsync(Counter.Signal("pool", "add", 1))));
        await host.IdleAsync();

        var entity = await host.Service.EntityBackendQueries!.GetEntityAsync(new EntityId(Counter.Name, "pool"), includeState: true);
        entity.ShouldNotBeNull().SerializedState.ShouldBe("200");
        entity.Value.LockedBy.ShouldBeNull();
        entity.Value.BacklogQueueSize.ShouldBe(0);
    }

    [Fact]
    public async Task An_entity_state_is_readable_while_the_entity_is_busy_and_a_signal_sent_meanwhile_runs_in_the_next_batch()
    {
        var gate = new Counter.Gate();
        await host.WithEntity(Counter.Name, new Counter(gate)).StartAsync();
        gate.Open.TrySetResult();
        await host.Service.SendTaskOrchestrationMessageAsync(Counter.Signal("busy", "add", 5));
        await host.IdleAsync();
        var held = new Counter.Gate();
        await host.StopAsync();

        await using var second = new ProviderHost(host.Folder, host.Clock);
        await second.WithEntity(Counter.Name, new Counter(held)).StartAsync();
        await second.Service.SendTaskOrchestrationMessageAsync(Counter.Signal("busy", "add", 1));
        await held.Entered.Task.WaitAsync(Deadline.Token());

        var whileBusy = await second.Service.EntityBackendQueries!.GetEntityAsync(new EntityId(Counter.Name, "busy"), includeState: true)
            .WaitAsync(Deadline.Token());
        await second.Service.SendTaskOrchestrationMessageAsync(Counter.Signal("busy", "add", 10));
        held.Open.TrySetResult();
        await second.IdleAsync();
        var after = await second.Service.EntityBackendQueries!.GetEntityAsync(new EntityId(Counter.Name, "busy"), includeState: true);

        whileBusy.ShouldNotBeNull().SerializedState.ShouldBe("5");
        after.ShouldNotBeNull().SerializedState.ShouldBe("16", "the signal sent while the entity was busy waits for the next batch");
    }

    [Fact]
    public async Task Entities_are_found_by_a_query_on_their_name()
    {
        await host.WithEntity(Counter.Name, new Counter()).StartAsync();
        await host.Service.SendTaskOrchestrationMessageBatchAsync(Counter.Signal("a", "add", 1), Counter.Signal("b", "add", 2));
        await host.IdleAsync();

        var result = await host.Service.EntityBackendQueries!.QueryEntitiesAsync(
            new EntityBackendQueries.EntityQuery { InstanceIdStartsWith = "@counter@", IncludeState = true },
            CancellationToken.None);

        result.Results.Select(e => (e.EntityId.Key, e.SerializedState)).ShouldBe([("a", "1"), ("b", "2")]);
    }

    [Fact]
    public async Task A_delayed_signal_reaches_the_entity_only_when_the_provider_clock_reaches_its_time()
    {
        await host.WithEntity(Counter.Name, new Counter()).StartAsync();
        var due = host.Clock.GetUtcNow().UtcDateTime.AddMinutes(10);
        var delayed = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = Counter.Id("later") }, Guid.NewGuid(), "add", "3", (due, due)).AsTaskMessage();

        await host.Service.SendTaskOrchestrationMessageAsync(delayed);
        await host.AdvanceAsync(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var before = await host.Service.EntityBackendQueries!.GetEntityAsync(new EntityId(Counter.Name, "later"), includeState: true);
        await host.AdvanceAsync(TimeSpan.FromTicks(1));
        var after = await host.Service.EntityBackendQueries!.GetEntityAsync(new EntityId(Counter.Name, "later"), includeState: true);

        before.ShouldBeNull();
        after.ShouldNotBeNull().SerializedState.ShouldBe(3.ToString(CultureInfo.InvariantCulture));
    }
}
