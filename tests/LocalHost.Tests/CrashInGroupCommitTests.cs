using System.Collections.Concurrent;
using System.Net;
using EmergencyFlow.Durable;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>
/// Kill the host at every write of a dial (whichever group commit it falls in, first member or
/// between two), start another over the same data: nothing the engine announced as done is missing
/// from disk, and the emergency still ends exactly once.
/// </summary>
public sealed class CrashInGroupCommitTests : IDisposable
{
    private readonly string _data = TestHost.NewDataDirectory();

    // A dial makes nine writes (start, step memory, presence, journal entries, lease, outbox index, progress, event log).
    public static TheoryData<int> EveryWriteOfADial => new(Enumerable.Range(1, 9));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [MemberData(nameof(EveryWriteOfADial))]
    public async Task A_host_killed_at_any_write_of_a_dial_has_every_announced_action_on_disk_and_ends_the_emergency_once(int write)
    {
        var clock = new FakeTimeProvider(TestHost.T0);
        var announced = new ConcurrentBag<(string InstanceId, int Sequence, string Name)>();
        HttpStatusCode dialled;
        await using (var first = await TestHost.StartAsync(_data, clock))
        {
            first.App.Services.GetRequiredService<LifecycleEngine>().ActionCompleted += (id, entry) => announced.Add((id, entry.Sequence, entry.Name));
            var seen = 0;
            var db = first.App.Services.GetRequiredService<SqliteDatabase>();
            db.CrashBeforeMember = _ => Interlocked.Increment(ref seen) == write;
            dialled = (await first.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode;
            await Should.ThrowAsync<SimulatedCrashException>(db.FlushAsync());
        }

        await using var second = await TestHost.StartAsync(_data, clock);
        var store = second.App.Services.GetRequiredService<IDurableStore>();
        foreach (var (instanceId, sequence, name) in announced)
        {
            var journal = await store.LoadJournalAsync(instanceId);
            journal.ShouldContain(e => e.Sequence == sequence && e.Name == name, $"announced {name} at {sequence} is not on disk");
        }

        if (dialled != HttpStatusCode.OK)
        {
            // Not acknowledged: Event Grid delivers the dial again.
            (await second.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await second.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        (await second.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await second.AdvanceToAsync(TestHost.T0.AddMinutes(72));

        (await second.OpsAsync("emergencies")).AsArray().Single()!["stage"]!.GetValue<string>().ShouldBe("Completed");
        (await second.OpsAsync("presence")).AsArray().Single()!["availability"]!.GetValue<string>().ShouldBe("Available");
        (await second.OpsAsync("leases")).AsArray().ShouldBeEmpty();
        Directory.GetFiles(second.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
    }
}
