using System.Net;
using System.Text.Json.Nodes;
using EmergencyFlow.LocalHost.Storage;
using EmergencyFlow.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using EmergencyFlow.Http.Webhook;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>
/// The SQLite files' promises: one owner per file, flushed group commits where a crash loses a whole
/// batch and nothing acknowledged, a failing write failing alone, routing that never waits for a write.
/// </summary>
public sealed class StorageTests : IDisposable
{
    private readonly string _data = TestHost.NewDataDirectory();

    private string DatabaseFile => Path.Combine(_data, "app.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public void A_second_owner_of_a_database_file_is_refused_with_an_error_naming_the_file()
    {
        using var first = Open();

        var refused = Should.Throw<DatabaseInUseException>(Open);

        refused.Message.ShouldContain(DatabaseFile);
        refused.Message.ShouldContain("in use by another process");
    }

    [Fact]
    public async Task A_second_host_on_the_same_data_directory_does_not_start()
    {
        await using var first = await TestHost.StartAsync(_data);

        var refused = await Should.ThrowAsync<DatabaseInUseException>(() => TestHost.StartAsync(_data));

        refused.Message.ShouldContain(_data);
    }

    [Fact]
    public void The_file_can_be_opened_again_once_its_owner_has_stopped()
    {
        Open().Dispose();

        using var next = Open();

        next.Query("SELECT COUNT(*) FROM agents", r => r.GetInt32(0)).Single().ShouldBe(0);
    }

    [Fact]
    public async Task A_crash_between_the_members_of_a_group_commit_acknowledges_none_of_them_and_keeps_every_earlier_acknowledged_write()
    {
        var db = Open();
        await Remember(db, "earlier");

        // Hold the writer so the three writes form one group commit, and die before its second member.
        var hold = new TaskCompletionSource();
        db.HoldWrites = hold;
        db.CrashBeforeMember = member => member == 1;
        Task[] writes = [Remember(db, "a"), Remember(db, "b"), Remember(db, "c")];
        hold.SetResult();

        foreach (var write in writes)
        {
            await Should.ThrowAsync<SimulatedCrashException>(write);
        }

        db.Dispose();
        SqliteConnection.ClearAllPools();
        using var restarted = Open();
        restarted.Query("SELECT key FROM step_memory ORDER BY key", r => r.GetString(0)).ShouldBe(["earlier"]);
    }

    [Fact]
    public async Task A_write_that_fails_inside_a_group_commit_fails_alone_and_its_neighbours_are_committed()
    {
        using var db = Open();
        var hold = new TaskCompletionSource();
        db.HoldWrites = hold;
        var broken = db.WriteAsync("INSERT INTO no_such_table (x) VALUES (1)");
        var fine = Remember(db, "fine");
        hold.SetResult();

        await Should.ThrowAsync<SqliteException>(broken);
        await fine;
        db.Query("SELECT key FROM step_memory", r => r.GetString(0)).ShouldBe(["fine"]);
    }

    private SqliteDatabase Open() => LocalStore.Open(DatabaseFile, NullLogger.Instance);

    private static Task<int> Remember(SqliteDatabase db, string key) =>
        db.WriteAsync("INSERT INTO step_memory (key, value, written_at) VALUES ($k, 'v', 'now')", ("$k", key));

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
    public async Task A_callback_is_routed_to_the_agent_while_a_large_pool_replace_waits_to_be_written_by_the_engine()
    {
        await using var host = await TestHost.StartAsync();
        (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var leased = (await host.OpsAsync("leases")).AsArray().Single()!["number"]!.GetValue<string>();
        var db = host.Sqlite.Database;
        var hold = new TaskCompletionSource();
        db.HoldWrites = hold;

        // The size does not matter to the proof (the write is held); 5,000 keeps the domain's validation quick.
        var numbers = new[] { leased }.Concat(Enumerable.Range(0, 5_000).Select(i => $"+1666{i:D7}")).ToArray();
        var replace = host.OpsSendAsync(HttpMethod.Put, "pool", new { numbers });
        await db.Held.Task;

        using var routed = await host.PostOnlyAsync(
            TestHost.Sample("incoming-call", d =>
            {
                d["to"]!["rawId"] = "4:" + leased;
                d["to"]!["phoneNumber"]!["value"] = leased;
            }).ToJsonString(),
            FunctionNames.OnIncomingCall);
        var outcome = JsonNode.Parse(await routed.Content.ReadAsStringAsync())!["results"]!.AsArray().Single()!["outcome"]!.GetValue<string>();
        replace.IsCompleted.ShouldBeFalse();
        hold.SetResult();

        outcome.ShouldBe("RingAgent");
        using var replaced = await replace;
        replaced.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.IdleAsync();
        (await host.OpsAsync("pool")).AsArray().Count.ShouldBe(5_001);
    }
}
