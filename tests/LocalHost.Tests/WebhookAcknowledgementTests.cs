using System.Net;
using System.Text.Json.Nodes;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Mail.Outbox;
using Microsoft.Extensions.DependencyInjection;
using EmergencyFlow.Application.Notifications;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>
/// The webhook acknowledges a dial once the lifecycle's start is stored; the engine runs its steps
/// (DND, lease, email) off the request thread, and the ops API shows only what is done.
/// </summary>
public sealed class WebhookAcknowledgementTests
{
    private static readonly string Placed = TestHost.Sample("outbound-call-placed").ToJsonString();

    [Fact]
    public async Task A_dial_is_acknowledged_before_its_email_is_written_and_ops_shows_only_the_stages_that_are_done()
    {
        var email = new HeldEmail();
        await using var host = await TestHost.StartAsync(configure: email.Register);

        using var response = await host.PostOnlyAsync(Placed);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        await email.Entered.Task;
        var duringEmail = (await host.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem()!;
        var presenceDuringEmail = (await host.OpsAsync("presence")).AsArray().Single(p => (string)p!["agentId"]! == "agent-042")!;
        var outboxDuringEmail = Directory.Exists(host.OutboxDirectory) ? Directory.GetFiles(host.OutboxDirectory, "*.eml") : [];
        email.Release();
        await host.IdleAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("Started");
        duringEmail["stage"]!.GetValue<string>().ShouldBe("CallbackLeased");
        duringEmail["runtimeStatus"]!.GetValue<string>().ShouldBe("Running");
        presenceDuringEmail["availability"]!.GetValue<string>().ShouldBe("DoNotDisturb");
        outboxDuringEmail.ShouldBeEmpty();
        (await host.OpsAsync("emergencies")).AsArray().Single()!["stage"]!.GetValue<string>().ShouldBe("WaitingForCallEnd");
        Directory.GetFiles(host.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_redelivered_dial_during_the_first_run_is_a_duplicate_and_starts_nothing()
    {
        var email = new HeldEmail();
        await using var host = await TestHost.StartAsync(configure: email.Register);

        using var first = await host.PostOnlyAsync(Placed);
        await email.Entered.Task;
        using var again = await host.PostOnlyAsync(Placed);
        var answer = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        email.Release();
        await host.IdleAsync();

        answer["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("Duplicate");
        email.Sends.ShouldBe(1);
        Directory.GetFiles(host.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Stopping_the_host_lets_a_first_run_in_progress_finish_and_store_its_progress()
    {
        var email = new HeldEmail();
        var host = await TestHost.StartAsync(dataDirectory: TestHost.NewDataDirectory(), configure: email.Register);
        var data = host.DataDirectory;
        try
        {
            using (await host.PostOnlyAsync(Placed))
            {
            }

            await email.Entered.Task;
            var stopping = host.App.StopAsync();
            email.Release();
            await stopping;

            // Stop returned only once the work item in flight was done: the engine waits for it, then closes the file.
            await host.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            await using var restarted = await TestHost.StartAsync(dataDirectory: data);
            await restarted.IdleAsync();
            var emergency = (await restarted.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem()!;
            emergency["stage"]!.GetValue<string>().ShouldBe("WaitingForCallEnd");
            Directory.GetFiles(restarted.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The local outbox behind a hold: a send signals <see cref="Entered"/> and waits for <see cref="Release"/>.</summary>
    private sealed class HeldEmail
    {
        private readonly TaskCompletionSource _hold = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sends;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Sends => _sends;

        public void Release() => _hold.TrySetResult();

        public void Register(IServiceCollection services)
        {
            services.AddSingleton<IEmailSender>(sp => new Sender(this, sp.GetRequiredService<OutboxEmailSender>()));
        }

        private sealed class Sender(HeldEmail held, IEmailSender inner) : IEmailSender
        {
            public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref held._sends);
                held.Entered.TrySetResult();
                await held._hold.Task;
                return await inner.SendAsync(message, cancellationToken);
            }
        }
    }
}
