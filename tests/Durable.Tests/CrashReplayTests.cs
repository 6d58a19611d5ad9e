using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Domain.Tests.Support;
using static EmergencyFlow.Domain.Tests.Support.LifecycleHarness;

namespace EmergencyFlow.Durable.Tests;

/// <summary>
/// Crash the runtime at every journal write of a full lifecycle, restart it over the same journal,
/// and check it ends exactly as an uncrashed run: same outcome, same idempotency keys, no completed
/// side effect done again.
/// </summary>
public class CrashReplayTests
{
    private static async Task<LifecycleHarness> RunScenarioAsync(int? crashAfterWrites)
    {
        var h = new LifecycleHarness();
        h.Store.CrashAfterWrites = crashAfterWrites;
        Func<Task>[] scenario =
        [
            () => h.PlaceAsync(Call()),
            () => h.EndAsync("call-1", T0.AddMinutes(12)),
            () => h.AdvanceToAsync(T0.AddMinutes(72)),
        ];
        foreach (var step in scenario)
        {
            try
            {
                await step();
            }
            catch (CrashException)
            {
                h.Restart();
                await h.Engine.ResumeAllAsync();
            }
        }

        return h;
    }

    public static TheoryData<int> EveryWrite => new(Enumerable.Range(0, 9));

    [Fact]
    public async Task The_uncrashed_run_writes_nine_journal_entries()
    {
        var baseline = await RunScenarioAsync(null);

        baseline.Store.Writes.ShouldBe(9);
        (await baseline.JournalAsync()).Count.ShouldBe(9);
    }

    [Theory]
    [MemberData(nameof(EveryWrite))]
    public async Task A_crash_at_any_step_replays_to_the_same_outcome_without_repeating_completed_side_effects(int k)
    {
        var baseline = await RunScenarioAsync(null);

        var crashed = await RunScenarioAsync(k);

        var expected = await baseline.JournalAsync();
        var actual = await crashed.JournalAsync();
        actual.Select(e => (e.Kind, e.Name, e.Key)).ShouldBe(expected.Select(e => (e.Kind, e.Name, e.Key)));
        DurableJson.Serialize(await crashed.OutcomeAsync()).ShouldBe(DurableJson.Serialize(await baseline.OutcomeAsync()));

        // Side effects: the one email, once; presence back; number back in the pool.
        crashed.Email.Delivered.Keys.ShouldBe(baseline.Email.Delivered.Keys);
        crashed.Presence.Current["agent-1"].ShouldBe(new PresenceSnapshot("Available", "Available"));
        (await crashed.PoolAsync()).Numbers.ShouldAllBe(n => n.Lease == null);

        // A step whose result was journaled never runs again; only the step caught between its
        // effect and its journal write may run twice, and its idempotency key makes that harmless.
        var repeated = crashed.StepExecutions.GroupBy(key => key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        repeated.Count.ShouldBeLessThanOrEqualTo(1);
        if (repeated.Count == 1)
        {
            expected[k].Key.ShouldBe(repeated[0]);
        }
    }
}
