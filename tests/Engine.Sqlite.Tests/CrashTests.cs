using DurableTask.Core;
using DurableTask.Core.Entities;
using EmergencyFlow.Engine.Sqlite.Tests.Support;
using EmergencyFlow.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;

namespace EmergencyFlow.Engine.Sqlite.Tests;

/// <summary>
/// The process dies at a write (the write and everything after it never reach the disk), another host
/// opens the same file, and whatever the client was not told is done it does again: every
/// orchestration still ends with its own result, the entity counts every signal exactly once, and
/// nothing is left queued. Run for each write in turn until the scenario finishes with no crash.
/// </summary>
public sealed class CrashTests
{
    private static readonly string[] Flows = ["flow-1", "flow-2"];

    [Fact]
    public async Task A_host_killed_at_any_write_and_restarted_on_the_same_file_ends_every_orchestration_once_with_its_result()
    {
        var crashes = 0;
        for (var write = 0; await RunKilledAtAsync(write); write++)
        {
            crashes++;
            crashes.ShouldBeLessThan(500, "the scenario never runs to its end without reaching the write to crash at");
        }

        // Creates, a client signal, and each orchestration's work items, activities and the entity's batches.
        crashes.ShouldBeGreaterThan(12);
    }

    /// <summary>True when the host was killed at <paramref name="write"/> (and the restart recovered); false when the scenario ended first.</summary>
    private static async Task<bool> RunKilledAtAsync(int write)
    {
        var folder = Directory.CreateTempSubdirectory("engine-sqlite-crash-").FullName;
        try
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var notAcknowledged = new List<Func<ProviderHost, Task>>();
            await using (var first = new ProviderHost(folder, clock))
            {
                var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var seen = -1;
                first.Service.Database.CrashBeforeMember = _ =>
                {
                    if (Interlocked.Increment(ref seen) != write)
                    {
                        return false;
                    }

                    killed.TrySetResult();
                    return true;
                };

                await StartAsync(first);
                foreach (var id in Flows)
                {
                    await TellAsync(first, host => host.Client.CreateOrchestrationInstanceAsync(typeof(Flow), id, id), notAcknowledged);
                }

                await TellAsync(first, host => host.Service.SendTaskOrchestrationMessageAsync(Counter.Signal("total", "add", 10)), notAcknowledged);
                await Task.WhenAny(killed.Task, first.IdleAsync());
                if (!killed.Task.IsCompleted)
                {
                    clock.Advance(Flow.Nap * 2);
                    await Task.WhenAny(killed.Task, first.IdleAsync());
                }

                if (!killed.Task.IsCompleted)
                {
                    await ShouldHaveEndedWellAsync(first, write);
                    return false;
                }
            }

            await using var second = new ProviderHost(folder, clock);
            await StartAsync(second);
            foreach (var again in notAcknowledged)
            {
                await again(second);
            }

            await second.AdvanceAsync(Flow.Nap * 2);
            await ShouldHaveEndedWellAsync(second, write);
            return true;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task StartAsync(ProviderHost host) =>
        host.WithActivity(new Greeter()).WithEntity(Counter.Name, new Counter()).StartAsync(typeof(Flow));

    /// <summary>A client call; when the host dies before acknowledging it, the client does it again on the next host.</summary>
    private static async Task TellAsync(ProviderHost host, Func<ProviderHost, Task> call, List<Func<ProviderHost, Task>> notAcknowledged)
    {
        try
        {
            await call(host);
        }
        catch (SimulatedCrashException)
        {
            notAcknowledged.Add(call);
        }
    }

    private static async Task ShouldHaveEndedWellAsync(ProviderHost host, int write)
    {
        foreach (var id in Flows)
        {
            var state = (await host.Client.GetOrchestrationStateAsync(id)).ShouldNotBeNull($"killed at write {write}: {id} is missing");
            state.OrchestrationStatus.ShouldBe(OrchestrationStatus.Completed, $"killed at write {write}: {id}");
            JsonConvert.DeserializeObject<string>(state.Output).ShouldBe($"hello {id}; hello {id} again", $"killed at write {write}: {id}");
        }

        var total = await host.Service.EntityBackendQueries!.GetEntityAsync(new EntityId(Counter.Name, "total"), includeState: true);
        total.ShouldNotBeNull($"killed at write {write}: the counter is missing").SerializedState.ShouldBe("12", $"killed at write {write}: the counter");
        host.CountRows("messages").ShouldBe(0, $"killed at write {write}: messages left");
        host.CountRows("activities").ShouldBe(0, $"killed at write {write}: activity invocations left");
    }
}
