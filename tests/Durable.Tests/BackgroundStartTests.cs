using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Domain.Tests.Support;
using static EmergencyFlow.Domain.Tests.Support.LifecycleHarness;

namespace EmergencyFlow.Durable.Tests;

/// <summary>A start acknowledged once it is stored: the lifecycle still runs, once.</summary>
public class BackgroundStartTests
{
    [Fact]
    public async Task A_start_acknowledged_once_stored_still_sets_DND_leases_and_notifies_once()
    {
        var h = new LifecycleHarness();
        var input = CallEvents.OnPlaced(Call(), NumberPlan.Default, h.Settings).Input!;

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
}
