using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Hosting.Events;

namespace EmergencyFlow.Conformance.Tests;

/// <summary>
/// The product's event scenarios, written once and played on both hosts with the same expected
/// outcomes: a decision that differs between the hosts fails here.
/// </summary>
public abstract class Scenarios
{
    protected abstract Task<IHostUnderTest> StartAsync();

    [Fact]
    public async Task An_emergency_call_sets_DND_leases_a_number_emails_once_restores_presence_and_releases_the_number()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);
        var placedAt = host.Now;

        var started = await host.DeliverAsync(Events.Batch(Events.Placed("normal-1", placedAt)));
        var waiting = await host.WaitForStageAsync(Events.InstanceIdFor("normal-1"), LifecycleStage.WaitingForCallEnd);
        var ended = await host.DeliverAsync(Events.Batch(Events.AcsEnded("normal-1", host.Now)));
        var final = await host.FinishAsync(Events.InstanceIdFor("normal-1"));

        started.Results.Single().Outcome.ShouldBe(EventOutcome.Started);
        waiting.CallbackNumberMasked.ShouldNotBeNull();
        ended.Results.Single().Outcome.ShouldBe(EventOutcome.CallEndDelivered);
        final.Stage.ShouldBe(LifecycleStage.Completed);
        final.Notification.ShouldBe(NotificationStatus.Sent);
        host.EmailsSent.ShouldBe(1);
        host.Alerts.ShouldBeEmpty();
        (await host.PoolAsync()).LiveAt(host.Now).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_placed_event_delivered_three_more_times_starts_one_lifecycle()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);
        var placed = Events.Placed("dup-1", host.Now);

        var outcomes = new List<EventOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await host.DeliverAsync(Events.Batch(placed))).Results.Single().Outcome);
        }

        outcomes.ShouldBe([EventOutcome.Started, EventOutcome.Duplicate, EventOutcome.Duplicate, EventOutcome.Duplicate]);
        await host.WaitForStageAsync(Events.InstanceIdFor("dup-1"), LifecycleStage.WaitingForCallEnd);
        host.EmailsSent.ShouldBe(1);
    }

    [Fact]
    public async Task An_end_that_arrives_before_the_start_is_kept_and_ends_the_lifecycle_when_the_start_arrives()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);
        var placedAt = host.Now;

        var early = await host.DeliverAsync(Events.Batch(Events.AcsEnded("early-1", placedAt)));
        var started = await host.DeliverAsync(Events.Batch(Events.Placed("early-1", placedAt)));
        var final = await host.FinishAsync(Events.InstanceIdFor("early-1"));

        early.Results.Single().Outcome.ShouldBe(EventOutcome.EndKept);
        started.Results.Single().Outcome.ShouldBe(EventOutcome.Started);
        final.Stage.ShouldBe(LifecycleStage.Completed);
        final.EndedBy.ShouldBe(CallEndSource.Acs);
        host.Alerts.ShouldNotContain(AlertKind.CallEndMissing);
    }

    [Fact]
    public async Task A_dialer_end_that_arrives_first_starts_the_lifecycle_already_ended()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);

        var outcome = await host.DeliverAsync(Events.Batch(Events.DialerEnded("early-2", host.Now, host.Now)));
        var final = await host.FinishAsync(Events.InstanceIdFor("early-2"));

        outcome.Results.Single().Outcome.ShouldBe(EventOutcome.StartedAfterEnd);
        final.EndedBy.ShouldBe(CallEndSource.BeforeStart);
        host.EmailsSent.ShouldBe(1);
    }

    [Fact]
    public async Task An_end_that_arrives_after_the_lifecycle_finished_changes_nothing()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);
        await host.DeliverAsync(Events.Batch(Events.Placed("late-1", host.Now)));
        await host.WaitForStageAsync(Events.InstanceIdFor("late-1"), LifecycleStage.WaitingForCallEnd);
        await host.DeliverAsync(Events.Batch(Events.AcsEnded("late-1", host.Now)));
        await host.FinishAsync(Events.InstanceIdFor("late-1"));

        var late = await host.DeliverAsync(Events.Batch(Events.AcsEnded("late-1", host.Now)));
        var replayedStart = await host.DeliverAsync(Events.Batch(Events.Placed("late-1", host.Now)));

        late.Results.Single().Outcome.ShouldBe(EventOutcome.LateEnd);
        replayedStart.Results.Single().Outcome.ShouldBe(EventOutcome.Duplicate);
        host.EmailsSent.ShouldBe(1);
    }

    [Fact]
    public async Task A_second_emergency_call_by_the_same_agent_reuses_the_live_callback_number()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number, Events.OtherNumber);
        await host.DeliverAsync(Events.Batch(Events.Placed("repeat-1", host.Now)));
        var first = await host.WaitForStageAsync(Events.InstanceIdFor("repeat-1"), LifecycleStage.WaitingForCallEnd);

        await host.DeliverAsync(Events.Batch(Events.Placed("repeat-2", host.Now)));
        var second = await host.WaitForStageAsync(Events.InstanceIdFor("repeat-2"), LifecycleStage.WaitingForCallEnd);

        second.CallbackNumberMasked.ShouldBe(first.CallbackNumberMasked);
        (await host.PoolAsync()).LiveAt(host.Now).Count().ShouldBe(1);
    }

    [Fact]
    public async Task When_the_pool_is_exhausted_the_emergency_goes_on_and_operators_are_alerted()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);
        await host.DeliverAsync(Events.Batch(Events.Placed("pool-1", host.Now)));
        await host.WaitForStageAsync(Events.InstanceIdFor("pool-1"), LifecycleStage.WaitingForCallEnd);

        var outcome = await host.DeliverAsync(Events.Batch(Events.Placed("pool-2", host.Now, Events.OtherAgent, Events.OtherAgentIdentity)));
        var status = await host.WaitForStageAsync(Events.InstanceIdFor("pool-2"), LifecycleStage.WaitingForCallEnd);

        outcome.Results.Single().Outcome.ShouldBe(EventOutcome.Started);
        status.CallbackNumberMasked.ShouldBeNull();
        status.Notification.ShouldBe(NotificationStatus.Sent);
        host.Alerts.ShouldContain(AlertKind.PoolExhausted);
        host.EmailsSent.ShouldBe(2);
    }

    [Fact]
    public async Task A_callback_rings_the_agent_while_the_lease_is_live_and_routes_normally_after_release()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);
        await host.DeliverAsync(Events.Batch(Events.Placed("route-1", host.Now)));
        await host.WaitForStageAsync(Events.InstanceIdFor("route-1"), LifecycleStage.WaitingForCallEnd);

        var live = await host.DeliverAsync(Events.Batch(Events.IncomingCall(Events.Number, host.Now)));
        await host.DeliverAsync(Events.Batch(Events.AcsEnded("route-1", host.Now)));
        await host.FinishAsync(Events.InstanceIdFor("route-1"));
        var released = await host.DeliverAsync(Events.Batch(Events.IncomingCall(Events.Number, host.Now)));

        live.Results.Single().Outcome.ShouldBe(EventOutcome.RingAgent);
        released.Results.Single().Outcome.ShouldBe(EventOutcome.NormalRouting);
        host.Redirects.ShouldBe([Events.AgentIdentity]);
    }

    [Fact]
    public async Task A_bounced_notification_alerts_operators_once_however_often_the_report_is_delivered()
    {
        await using var host = await StartAsync();
        var bounce = Events.Bounce("message-1", host.Now);

        var first = await host.DeliverAsync(Events.Batch(bounce));
        await host.DeliverAsync(Events.Batch(bounce));

        first.Results.Single().Outcome.ShouldBe(EventOutcome.Escalated);
        host.Alerts.ShouldBe([AlertKind.NotificationNotDelivered]);
    }

    [Fact]
    public async Task A_malformed_event_in_a_batch_is_kept_as_a_dead_letter_and_the_emergency_beside_it_starts()
    {
        await using var host = await StartAsync();
        await host.SetPoolAsync(Events.Number);
        var broken = Events.Placed("ignored", host.Now);
        broken["data"]!.AsObject().Remove("agentId");

        var outcome = await host.DeliverAsync(Events.Batch(broken, Events.Placed("batch-1", host.Now)));

        outcome.Results.Select(r => r.Outcome).ShouldBe([EventOutcome.Malformed, EventOutcome.Started]);
        outcome.Results[0].Detail.ShouldContain("data.agentId");
        outcome.HasUnreadable.ShouldBeTrue();
        host.DeadLetters.ShouldBe(1);
        await host.WaitForStageAsync(Events.InstanceIdFor("batch-1"), LifecycleStage.WaitingForCallEnd);
    }
}

public sealed class LocalHostScenarios : Scenarios
{
    protected override Task<IHostUnderTest> StartAsync() => Task.FromResult<IHostUnderTest>(new LocalHostUnderTest());
}

public sealed class FunctionsHostScenarios : Scenarios
{
    protected override async Task<IHostUnderTest> StartAsync() => await FunctionsHostUnderTest.StartAsync();
}
