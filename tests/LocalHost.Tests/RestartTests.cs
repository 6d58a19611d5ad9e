using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>Stop the process mid-lifecycle, start another over the same database file: it resumes.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _data = TestHost.NewDataDirectory();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_lifecycle_stopped_while_waiting_for_the_call_end_resumes_in_the_next_process()
    {
        var data = _data;
        var clock = new FakeTimeProvider(TestHost.T0);
        await using (var first = await TestHost.StartAsync(data, clock))
        {
            (await first.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        clock.AdvanceTo(TestHost.T0.AddMinutes(12));
        await using (var second = await TestHost.StartAsync(data, clock))
        {
            (await second.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await second.OpsAsync("presence")).AsArray().Single()!["availability"]!.GetValue<string>().ShouldBe("Available");
            (await second.OpsAsync("emergencies")).AsArray().Single()!["stage"]!.GetValue<string>().ShouldBe("CallbackWindowOpen");
        }

        clock.AdvanceTo(TestHost.T0.AddMinutes(72));
        await using var third = await TestHost.StartAsync(data, clock);

        // Start-up resumes unfinished lifecycles: the release timer that fell due while no process ran fires now.
        await third.IdleAsync();
        (await third.OpsAsync("emergencies")).AsArray().Single()!["stage"]!.GetValue<string>().ShouldBe("Completed");
        (await third.OpsAsync("leases")).AsArray().ShouldBeEmpty();
        Directory.GetFiles(third.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
        var id = (await third.OpsAsync("emergencies")).AsArray().Single()!["instanceId"]!.GetValue<string>();
        var actions = (await third.OpsAsync($"emergencies/{id}"))["actions"]!.AsArray();
        actions.Count(a => a!["name"]!.GetValue<string>() == "SendNotification").ShouldBe(1);
    }

    [Fact]
    public async Task An_acknowledged_alert_stays_acknowledged_after_a_restart_and_the_first_acknowledgement_stands()
    {
        var data = _data;
        var clock = new FakeTimeProvider(TestHost.T0);
        string alertId;
        await using (var first = await TestHost.StartAsync(data, clock))
        {
            (await first.OpsSendAsync(HttpMethod.Put, "pool", new { numbers = Array.Empty<string>() })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await first.PostAsync(TestHost.Sample("outbound-call-placed"));
            alertId = (await first.OpsAsync("supervisor"))["alerts"]!.AsArray().Single(a => a!["kind"]!.GetValue<string>() == "pool-exhausted")!["id"]!.GetValue<string>();
            using var acknowledged = await first.OpsSendAsync(HttpMethod.Post, "alert-acknowledgements", new { alertId, by = "Maria Santos", note = "Gave the main number." });
            acknowledged.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await using var second = await TestHost.StartAsync(data, clock);
        var view = await second.OpsAsync("supervisor");
        view["alerts"]!.AsArray().ShouldNotContain(a => a!["id"]!.GetValue<string>() == alertId);
        var kept = view["acknowledged"]!.AsArray().Single()!;
        kept["by"]!.GetValue<string>().ShouldBe("Maria Santos");
        kept["note"]!.GetValue<string>().ShouldBe("Gave the main number.");
        using var again = await second.OpsSendAsync(HttpMethod.Post, "alert-acknowledgements", new { alertId, by = "Tom Berg", note = "late" });
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain("Maria Santos");
    }

    [Fact]
    public async Task A_lifecycle_stopped_during_the_callback_window_releases_the_number_on_time_after_a_restart()
    {
        var data = _data;
        var clock = new FakeTimeProvider(TestHost.T0);
        await using (var first = await TestHost.StartAsync(data, clock))
        {
            await first.PostAsync(TestHost.Sample("outbound-call-placed"));
            await first.AdvanceToAsync(TestHost.T0.AddMinutes(12));
            await first.PostAsync(TestHost.Sample("outbound-call-ended"));
        }

        clock.AdvanceTo(TestHost.T0.AddMinutes(30));
        await using var second = await TestHost.StartAsync(data, clock);
        await second.IdleAsync();
        (await second.OpsAsync("leases")).AsArray().ShouldHaveSingleItem();

        await second.AdvanceToAsync(TestHost.T0.AddMinutes(71));
        (await second.OpsAsync("leases")).AsArray().ShouldHaveSingleItem();
        await second.AdvanceToAsync(TestHost.T0.AddMinutes(72));

        (await second.OpsAsync("leases")).AsArray().ShouldBeEmpty();
        (await second.OpsAsync("emergencies")).AsArray().Single()!["stage"]!.GetValue<string>().ShouldBe("Completed");
        Directory.GetFiles(second.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
    }
}
