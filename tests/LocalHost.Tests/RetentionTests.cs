using System.Net;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>Nothing personal is kept past EmergencyFlow:RetentionDays: finished lifecycles, event records and emails go; agents stay.</summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task A_day_after_the_retention_period_the_lifecycle_its_records_and_its_email_are_gone_and_the_agents_stay()
    {
        await using var host = await TestHost.StartAsync(settings: "--EmergencyFlow:RetentionDays=30");
        (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        await host.PostAsync(TestHost.Sample("outbound-call-ended"));
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(72));
        (await host.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem();
        Directory.GetFiles(host.OutboxDirectory, "*.eml").ShouldHaveSingleItem();

        // The daily pass runs on the host's clock.
        host.Clock.Advance(TimeSpan.FromDays(31));
        await UntilAsync(async () => (await host.OpsAsync("emergencies")).AsArray().Count == 0 && (await host.OpsAsync("outbox")).AsArray().Count == 0);

        (await host.OpsAsync("events")).AsArray().ShouldBeEmpty();
        Directory.GetFiles(host.OutboxDirectory, "*.eml").ShouldBeEmpty();
        (await host.OpsAsync("agents")).AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_live_lifecycle_is_never_purged()
    {
        await using var host = await TestHost.StartAsync(settings: "--EmergencyFlow:RetentionDays=1");
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        var id = (await host.OpsAsync("emergencies")).AsArray().Single()!["instanceId"]!.GetValue<string>();

        // Suspended, it is still live two days later (a running one would have reached its deadline and ended).
        var client = host.App.Services.GetRequiredService<DurableTaskClient>();
        await client.SuspendInstanceAsync(id, "kept live for the test");
        await host.IdleAsync();
        host.Clock.Advance(TimeSpan.FromDays(2));
        await UntilAsync(async () => (await host.OpsAsync("events")).AsArray().Count == 0);

        (await host.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem()!["runtimeStatus"]!.GetValue<string>().ShouldBe("Suspended");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!await condition())
        {
            await Task.Delay(20, patience.Token);
        }
    }
}
