using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Lifecycle.Tests.Support;
using static EmergencyFlow.Lifecycle.Tests.Support.LifecycleHarness;

namespace EmergencyFlow.Lifecycle.Tests;

/// <summary>
/// The process dies at every write of a whole lifecycle in turn (write 0, 1, 2, ... until a run has no
/// write left to die at): the engine is reopened on the same file, the event being handled is delivered
/// again (Event Grid redelivers what was not acknowledged), and the lifecycle must end exactly as an
/// uncrashed one: completed, presence restored, the number released, the contacts emailed once.
/// </summary>
public class CrashRecoveryTests
{
    [Fact]
    public async Task A_crash_at_any_write_of_a_lifecycle_ends_like_a_run_without_one()
    {
        var crashPoints = 0;
        for (var crashAt = 0; ; crashAt++)
        {
            var crashed = await RunAsync(crashAt);
            if (!crashed)
            {
                break;
            }

            crashPoints++;
        }

        // Each test run prints how many writes a lifecycle took, so a change in that count is visible.
        Console.WriteLine($"A lifecycle survived a crash at each of its {crashPoints} writes.");

        // A lifecycle takes about twenty writes (start, each work item's completion, each activity result,
        // the call end); a handful would mean the crash seam is not where the writes are.
        crashPoints.ShouldBeGreaterThan(15);
    }

    /// <summary>Runs the scenario with the process dying at write <paramref name="crashAt"/>; true when it did.</summary>
    private static async Task<bool> RunAsync(int crashAt)
    {
        await using var h = await LifecycleHarness.StartAsync();
        var writes = -1;
        var died = 0;
        h.Sqlite.Database.CrashBeforeMember = _ =>
        {
            if (Interlocked.Increment(ref writes) != crashAt)
            {
                return false;
            }

            Volatile.Write(ref died, 1);
            return true;
        };

        Func<Task>[] scenario =
        [
            () => h.PlaceAsync(Call()),
            () => h.EndAsync("call-1", T0.AddMinutes(12)),
            () => h.AdvanceToAsync(T0.AddMinutes(80)),
        ];
        var restarted = false;
        foreach (var step in scenario)
        {
            try
            {
                await step();
            }
            catch (Exception) when (Volatile.Read(ref died) == 1 && !restarted)
            {
                // The delivery failed with the process: it is delivered again after the restart, below.
            }

            if (Volatile.Read(ref died) == 1 && !restarted)
            {
                await h.RestartAsync();
                restarted = true;
                await step();
            }
        }

        var outcome = await h.OutcomeAsync();
        outcome.FinalStatus.Stage.ShouldBe(LifecycleStage.Completed, $"crash at write {crashAt}");
        outcome.CallbackNumber.ShouldBe(PoolNumber1, $"crash at write {crashAt}");
        h.Presence.Current["agent-1"].ShouldBe(new PresenceSnapshot("Available", "Available"), $"crash at write {crashAt}");
        (await h.PoolAsync()).Numbers.ShouldAllBe(n => n.Lease == null, $"crash at write {crashAt}");
        CallbackPool.Route(await h.PoolAsync(), PoolNumber1, h.Clock.GetUtcNow()).Kind.ShouldBe(RouteKind.Fallback);
        h.Email.Delivered.Count.ShouldBe(1, $"crash at write {crashAt}");
        return restarted;
    }
}
