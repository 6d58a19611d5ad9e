using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Domain.Tests.Support;
using static EmergencyFlow.Domain.Tests.Support.LifecycleHarness;

namespace EmergencyFlow.Durable.Tests;

/// <summary>A start acknowledged once it is stored: the lifecycle still runs, once, and is never lost.</summary>
public class BackgroundStartTests
{
    [Fact]
    public async Task A_start_acknowledged_once_stored_still_sets_DND_leases_and_notifies_once()
    {
        var h = new LifecycleHarness();
        var input = Input(h);

        var started = await h.Engine.StartInBackgroundAsync(input);
        var repeated = await h.Engine.StartInBackgroundAsync(input);
        await h.Engine.IdleAsync();

        started.Created.ShouldBeTrue();
        repeated.Created.ShouldBeFalse();
        h.Presence.Current["agent-1"].ShouldBe(PresenceSnapshot.DoNotDisturb);
        (await h.PoolAsync()).LiveAt(T0).ShouldHaveSingleItem().Lease!.AgentId.ShouldBe("agent-1");
        h.Email.Delivered.Count.ShouldBe(1);
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
    }

    [Fact]
    public async Task One_instance_failing_in_a_timer_pass_does_not_keep_the_others_from_running()
    {
        var h = new LifecycleHarness();
        await h.PlaceAsync(Call("agent-1", callId: "call-1"));
        await h.PlaceAsync(Call("agent-2", callId: "call-2"));
        h.Clock.AdvanceTo(T0 + h.Settings.CallEndDeadline);
        h.Store.CrashAfterWrites = h.Store.Writes; // the first instance's next write fails

        await Should.ThrowAsync<CrashException>(h.Engine.RunDueAsync());

        var stages = new[] { (await h.StatusAsync("call-1")).Stage, (await h.StatusAsync("call-2")).Stage };
        stages.Count(s => s == LifecycleStage.WaitingForCallEnd).ShouldBe(1, string.Join(", ", stages));
        stages.Count(s => s == LifecycleStage.CallbackWindowOpen).ShouldBe(1, string.Join(", ", stages));
    }

    [Fact]
    public async Task A_first_run_stopped_by_the_store_is_run_again_by_the_next_timer_pass()
    {
        var h = new LifecycleHarness();
        h.Store.CrashAfterWrites = 2; // identity and DND are journaled; the lease's write fails.

        var started = await h.Engine.StartInBackgroundAsync(Input(h));
        await h.Engine.IdleAsync();

        started.Created.ShouldBeTrue();
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.DoNotDisturbSet); // true: DND is journaled, the lease is not
        h.Email.Delivered.ShouldBeEmpty();

        (await h.Engine.RunDueAsync()).ShouldBe(1);

        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
        h.StepExecutions.Count(k => k.EndsWith(Steps.SetDoNotDisturb.Name, StringComparison.Ordinal)).ShouldBe(1, string.Join(", ", h.StepExecutions));
        h.Email.Delivered.Count.ShouldBe(1);
        (await h.PoolAsync()).LiveAt(T0).ShouldHaveSingleItem().Lease!.AgentId.ShouldBe("agent-1");
        (await h.InstanceAsync()).WakeAt.ShouldBe(T0 + h.Settings.CallEndDeadline);
    }

    [Fact]
    public async Task A_timer_pass_leaves_a_first_run_in_progress_to_that_run()
    {
        var h = await StartedWithTheEmailHeldAsync();
        var passWhileRunning = await h.Engine.RunDueAsync();
        await ReleaseTheEmailAsync(h);

        passWhileRunning.ShouldBe(0);
        h.Email.Attempts.ShouldBe(1);
        (await h.JournalAsync()).Select(e => e.Sequence).ShouldBe(Enumerable.Range(0, (await h.JournalAsync()).Count));
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
        (await h.Engine.RunDueAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task While_the_email_is_being_sent_the_instance_is_due_at_once_and_its_stored_stage_says_DND_set_and_no_further()
    {
        var h = await StartedWithTheEmailHeldAsync();
        var duringEmail = await h.InstanceAsync();
        await ReleaseTheEmailAsync(h);

        // Due at once: a first run that never saved its progress is run again by the next timer pass.
        duringEmail.Status.ShouldBe(RuntimeStatus.Running);
        duringEmail.WakeAt.ShouldBe(T0);
        DurableJson.Deserialize<LifecycleStatus>(duringEmail.CustomStatusJson!).Stage.ShouldBe(LifecycleStage.DoNotDisturbSet);
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
    }

    [Fact]
    public async Task A_call_end_delivered_during_the_first_run_waits_for_it_and_ends_the_call()
    {
        var h = await StartedWithTheEmailHeldAsync();
        h.Clock.AdvanceTo(T0.AddMinutes(5));
        var ending = h.Engine.DeliverCallEndAsync(Call().Call, new CallEnd(T0.AddMinutes(5), CallEndSource.Dialer));
        h.Email.Hold!.SetResult();
        var found = await ending;
        await h.Engine.IdleAsync();

        found.ShouldBe(Call().Call.InstanceId);
        (await h.StatusAsync()).Stage.ShouldBe(LifecycleStage.CallbackWindowOpen);
        var journal = await h.JournalAsync();
        journal.Select(e => e.Sequence).ShouldBe(Enumerable.Range(0, journal.Count));
        h.StepExecutions.Count(k => k.EndsWith(Steps.RestorePresence.Name, StringComparison.Ordinal)).ShouldBe(1, string.Join(", ", h.StepExecutions));
        h.Presence.Current["agent-1"].ShouldNotBe(PresenceSnapshot.DoNotDisturb);
    }

    [Fact]
    public async Task Beyond_the_background_limit_a_start_waits_for_a_first_run_to_finish()
    {
        var h = await StartedWithTheEmailHeldAsync(new EngineOptions(MaxBackgroundRuns: 1));
        var second = h.Engine.StartInBackgroundAsync(CallEvents.OnPlaced(Call("agent-2", callId: "call-2"), NumberPlan.Default, h.Settings).Input!);
        var waitedWhileFull = !second.IsCompleted;
        var storedWhileFull = await h.Store.GetInstanceAsync(Call(callId: "call-2").Call.InstanceId);
        h.Email.Hold!.SetResult();
        var started = await second;
        await h.Engine.IdleAsync();

        waitedWhileFull.ShouldBeTrue();
        storedWhileFull.ShouldBeNull();
        started.Created.ShouldBeTrue();
        (await h.StatusAsync("call-2")).Stage.ShouldBe(LifecycleStage.WaitingForCallEnd);
    }

    /// <summary>A lifecycle started in the background whose first run is sending its email, held there.</summary>
    private static async Task<LifecycleHarness> StartedWithTheEmailHeldAsync(EngineOptions? options = null)
    {
        var h = new LifecycleHarness(options: options);
        h.Email.Hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await h.Engine.StartInBackgroundAsync(Input(h));
        await h.Email.Entered.Task;
        return h;
    }

    /// <summary>Lets the held email through and waits for the first run to reach its wait.</summary>
    private static async Task ReleaseTheEmailAsync(LifecycleHarness h)
    {
        h.Email.Hold!.SetResult();
        await h.Engine.IdleAsync();
    }

    private static LifecycleInput Input(LifecycleHarness h) => CallEvents.OnPlaced(Call(), NumberPlan.Default, h.Settings).Input!;
}
