using System.Net;
using System.Text.Json.Nodes;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Durable;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using EmergencyFlow.Http.Webhook;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>The SQLite store's promises: one owner per data directory, flushed group commits, routing that never waits.</summary>
public sealed class StorageTests : IDisposable
{
    private readonly string _data = TestHost.NewDataDirectory();

    private string DatabaseFile => Path.Combine(_data, "emergencyflow.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public void A_second_store_on_the_same_data_directory_is_refused_with_an_error_naming_the_directory()
    {
        using var first = new SqliteDatabase(DatabaseFile);

        var refused = Should.Throw<DataDirectoryInUseException>(() => new SqliteDatabase(DatabaseFile));

        refused.Message.ShouldContain(_data);
        refused.Message.ShouldContain("in use by another EmergencyFlow host");
    }

    [Fact]
    public void The_data_directory_can_be_opened_again_once_its_host_has_stopped()
    {
        new SqliteDatabase(DatabaseFile).Dispose();

        using var next = new SqliteDatabase(DatabaseFile);

        next.Query("SELECT COUNT(*) FROM instances", r => r.GetInt32(0)).Single().ShouldBe(0);
    }

    [Fact]
    public async Task A_new_instance_is_stored_due_at_once_so_a_timer_pass_finds_a_first_run_that_never_saved()
    {
        using var db = new SqliteDatabase(DatabaseFile);
        var store = new SqliteDurableStore(db);

        (await store.TryCreateInstanceAsync("emergency-a", "{}", TestHost.T0)).ShouldBeTrue();

        (await store.GetInstanceAsync("emergency-a"))!.WakeAt.ShouldBe(TestHost.T0);
        (await store.DueInstancesAsync(TestHost.T0)).ShouldBe(["emergency-a"]);
        (await store.DueInstancesAsync(TestHost.T0.AddTicks(-1))).ShouldBeEmpty();
        (await store.GetStatusAsync("emergency-a")).ShouldBe(RuntimeStatus.Running);
        (await store.GetStatusAsync("emergency-b")).ShouldBeNull();
    }

    [Fact]
    public async Task Routing_finds_a_pool_number_as_last_committed_without_scanning_the_pool()
    {
        using var db = new SqliteDatabase(DatabaseFile);
        var store = new SqliteDurableStore(db);
        await store.ApplyPoolAsync(new Domain.Callbacks.PoolCommand.ReplaceNumbers([.. Enumerable.Range(0, 10_000).Select(i => $"+1555{i:D7}")]), TestHost.T0);

        await store.ApplyPoolAsync(new Domain.Callbacks.PoolCommand.Lease(
            new Domain.Callbacks.LeaseRequest("agent-1", "8:acs:agent-1", "emergency-a", TestHost.T0, TestHost.T0.AddHours(1))), TestHost.T0);
        var leased = (await store.GetPoolAsync()).LiveAt(TestHost.T0).ShouldHaveSingleItem();

        (await store.FindPoolNumberAsync(leased.Number)).ShouldBeSameAs(leased);
        (await store.FindPoolNumberAsync("+15550009999"))!.Lease.ShouldBeNull();
        (await store.FindPoolNumberAsync("+14255550100")).ShouldBeNull();

        // A whole-pool change (the live lease is kept) moves positions: found by the new index.
        await store.ApplyPoolAsync(new Domain.Callbacks.PoolCommand.ReplaceNumbers(["+14255550100", leased.Number]), TestHost.T0);
        (await store.FindPoolNumberAsync("+14255550100")).ShouldNotBeNull().Lease.ShouldBeNull();
        (await store.FindPoolNumberAsync(leased.Number))!.Lease!.AgentId.ShouldBe("agent-1");
        (await store.FindPoolNumberAsync("+15550009999")).ShouldBeNull();
    }

    [Fact]
    public async Task A_presence_set_whose_write_is_lost_is_not_read_back_from_memory()
    {
        using var db = new SqliteDatabase(DatabaseFile);
        var clock = new FakeTimeProvider(TestHost.T0);
        var store = new LocalStore(db, clock, new Timeline(clock));

        // One group commit holding the set and a flush behind it; the process "dies" in it.
        var hold = new TaskCompletionSource();
        db.HoldWrites = hold;
        await store.SetAsync("agent-1", "8:acs:agent-1", PresenceSnapshot.DoNotDisturb, CancellationToken.None);
        var readBeforeTheCommit = await store.GetAsync("agent-1", "8:acs:agent-1", CancellationToken.None);
        var flushed = db.FlushAsync();
        db.CrashBeforeMember = _ => true;
        hold.SetResult();
        await Should.ThrowAsync<SimulatedCrashException>(flushed);

        readBeforeTheCommit.ShouldBe(PresenceSnapshot.DoNotDisturb);
        (await store.GetAsync("agent-1", "8:acs:agent-1", CancellationToken.None)).Availability.ShouldBe("Available");
    }

    [Fact]
    public async Task A_crash_between_the_members_of_a_group_commit_acknowledges_none_of_them_and_keeps_every_earlier_acknowledged_write()
    {
        var db = new SqliteDatabase(DatabaseFile);
        var store = new SqliteDurableStore(db);
        foreach (var id in new[] { "emergency-a", "emergency-b", "emergency-c" })
        {
            (await store.TryCreateInstanceAsync(id, "{}", TestHost.T0)).ShouldBeTrue();
        }

        // Hold the writer so the three journal writes form one group commit, and die after its first member.
        var hold = new TaskCompletionSource();
        db.HoldWrites = hold;
        db.CrashBeforeMember = member => member == 1;
        Task[] writes =
        [
            store.AppendJournalAsync("emergency-a", Entry()),
            store.AppendJournalAsync("emergency-b", Entry()),
            store.AppendJournalAsync("emergency-c", Entry()),
        ];
        hold.SetResult();

        foreach (var write in writes)
        {
            await Should.ThrowAsync<SimulatedCrashException>(write);
        }

        db.Dispose();
        SqliteConnection.ClearAllPools();
        using var restarted = new SqliteDatabase(DatabaseFile);
        var after = new SqliteDurableStore(restarted);
        foreach (var id in new[] { "emergency-a", "emergency-b", "emergency-c" })
        {
            (await after.GetInstanceAsync(id)).ShouldNotBeNull();
            (await after.LoadJournalAsync(id)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_write_that_fails_inside_a_group_commit_fails_alone_and_its_neighbours_are_committed()
    {
        using var db = new SqliteDatabase(DatabaseFile);
        var store = new SqliteDurableStore(db);
        (await store.TryCreateInstanceAsync("emergency-a", "{}", TestHost.T0)).ShouldBeTrue();
        (await store.TryCreateInstanceAsync("emergency-b", "{}", TestHost.T0)).ShouldBeTrue();
        await store.AppendJournalAsync("emergency-a", Entry());

        var hold = new TaskCompletionSource();
        db.HoldWrites = hold;
        var duplicate = store.AppendJournalAsync("emergency-a", Entry());
        var fine = store.AppendJournalAsync("emergency-b", Entry());
        hold.SetResult();

        await Should.ThrowAsync<SqliteException>(duplicate);
        await fine;
        (await store.LoadJournalAsync("emergency-a")).Count.ShouldBe(1);
        (await store.LoadJournalAsync("emergency-b")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task After_a_crash_in_a_group_commit_the_restarted_host_finishes_the_emergency_with_one_email()
    {
        var clock = new FakeTimeProvider(TestHost.T0);
        await using (var first = await TestHost.StartAsync(_data, clock))
        {
            (await first.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
            clock.AdvanceTo(TestHost.T0.AddMinutes(12));

            // The process dies in the next group commit: the call end is not acknowledged, so Event Grid delivers it again.
            first.App.Services.GetRequiredService<SqliteDatabase>().CrashBeforeMember = _ => true;
            (await first.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        }

        await using var second = await TestHost.StartAsync(_data, clock);
        (await second.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await second.AdvanceToAsync(TestHost.T0.AddMinutes(72));

        (await second.OpsAsync("emergencies")).AsArray().Single()!["stage"]!.GetValue<string>().ShouldBe("Completed");
        (await second.OpsAsync("presence")).AsArray().Single()!["availability"]!.GetValue<string>().ShouldBe("Available");
        Directory.GetFiles(second.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_callback_is_routed_to_the_agent_while_a_large_pool_replace_waits_to_be_written()
    {
        await using var host = await TestHost.StartAsync();
        (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var leased = (await host.OpsAsync("leases")).AsArray().Single()!["number"]!.GetValue<string>();
        var db = host.App.Services.GetRequiredService<SqliteDatabase>();
        var hold = new TaskCompletionSource();
        db.HoldWrites = hold;

        // The size does not matter to the proof (the write is held); 5,000 keeps the domain's validation quick.
        var numbers = new[] { leased }.Concat(Enumerable.Range(0, 5_000).Select(i => $"+1666{i:D7}")).ToArray();
        var replace = host.OpsSendAsync(HttpMethod.Put, "pool", new { numbers });
        await db.Held.Task;

        using var routed = await host.PostAsync(
            TestHost.Sample("incoming-call", d =>
            {
                d["to"]!["rawId"] = "4:" + leased;
                d["to"]!["phoneNumber"]!["value"] = leased;
            }),
            FunctionNames.OnIncomingCall);
        var outcome = JsonNode.Parse(await routed.Content.ReadAsStringAsync())!["results"]!.AsArray().Single()!["outcome"]!.GetValue<string>();
        replace.IsCompleted.ShouldBeFalse();
        hold.SetResult();

        outcome.ShouldBe("RingAgent");
        using var replaced = await replace;
        replaced.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await host.OpsAsync("pool")).AsArray().Count.ShouldBe(5_001);
    }

    private static JournalEntry Entry() => new(0, ActionKind.Step, "SetDoNotDisturb", "key", "{}", null, TestHost.T0);
}
