using EmergencyFlow.Application.Events;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using static EmergencyFlow.Lifecycle.Tests.Support.LifecycleHarness;

namespace EmergencyFlow.Lifecycle.Tests;

/// <summary>
/// The same lifecycle on Microsoft's Azure Storage provider, the one Durable Functions runs in Azure,
/// on an Azurite these tests start, configured from the Functions app's host.json. Its timers follow
/// queue visibility in real time, so the windows here are seconds long and the tests wait on
/// conditions (an instance completing, a lease appearing), never on durations.
/// </summary>
public sealed class AzureStorageLifecycleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly LifecycleSettings Short = new(
        CallbackWindow: TimeSpan.FromSeconds(3), CallEndDeadline: TimeSpan.FromMinutes(5), NotifyOnTestCalls: false, CallEndSilenceAlert: TimeSpan.FromMinutes(4));

    [Fact]
    public async Task A_whole_lifecycle_sets_DND_leases_emails_restores_and_releases_the_number_when_the_window_closes()
    {
        await using var h = await StartOnAzureStorageAsync(azurite.ConnectionString, Short);
        var now = DateTimeOffset.UtcNow;

        (await h.PlaceAsync(Call(at: now))).Outcome.ShouldBe(EventOutcome.Started);
        await UntilAsync(async () => (await h.PoolAsync()).Numbers.Any(n => n.Lease is not null) && !h.Email.Delivered.IsEmpty, "the lease and the email");
        h.Presence.Current["agent-1"].ShouldBe(PresenceSnapshot.DoNotDisturb);
        var routed = await h.Handler.RouteAsync(Callback(PoolNumber1), DateTimeOffset.UtcNow, CancellationToken.None);
        routed.Kind.ShouldBe(RouteKind.RingAgent);
        routed.AgentIdentity.ShouldBe("8:acs:agent-1");

        (await h.EndAsync("call-1", DateTimeOffset.UtcNow)).Outcome.ShouldBe(EventOutcome.CallEndDelivered);
        var finished = await h.CompletionAsync();

        finished.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, finished.FailureDetails?.ErrorMessage);
        finished.ReadOutputAs<LifecycleOutcome>()!.FinalStatus.Stage.ShouldBe(LifecycleStage.Completed);
        h.Presence.Current["agent-1"].ShouldBe(new PresenceSnapshot("Available", "Available"));
        await UntilAsync(async () => (await h.PoolAsync()).Numbers.All(n => n.Lease is null), "the release signal to reach the pool");
        h.Email.Delivered.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_exhausted_pool_still_emails_and_alerts_and_an_end_that_came_first_ends_the_lifecycle()
    {
        await using var h = await StartOnAzureStorageAsync(azurite.ConnectionString, Short, PoolNumber1);
        await h.PlaceAsync(Call(agent: "agent-2", callId: "first", at: DateTimeOffset.UtcNow));
        await UntilAsync(async () => (await h.PoolAsync()).Numbers.Any(n => n.Lease is not null), "the first lease");

        (await h.EndAsync("call-1", DateTimeOffset.UtcNow, CallEndSource.Acs)).Outcome.ShouldBe(EventOutcome.EndKept);
        (await h.PlaceAsync(Call(at: DateTimeOffset.UtcNow))).Outcome.ShouldBe(EventOutcome.Started);
        var finished = await h.CompletionAsync();

        var outcome = finished.ReadOutputAs<LifecycleOutcome>()!;
        outcome.CallbackNumber.ShouldBeNull();
        outcome.FinalStatus.Alerts.ShouldContain(AlertKind.PoolExhausted);
        h.Alerts.Raised.Values.ShouldContain(a => a.Kind == AlertKind.PoolExhausted);
        h.Email.Delivered.Values.ShouldContain(m => m.Content.PlainText.Contains("no dedicated callback number was available", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shuffled_concurrent_duplicates_of_placed_and_ended_end_every_lifecycle_and_a_late_callback_goes_to_the_fallback()
    {
        const int Calls = 6;
        var pool = Enumerable.Range(0, Calls).Select(i => $"+1425556{i:D4}").ToArray();
        await using var h = await StartOnAzureStorageAsync(azurite.ConnectionString, Short, pool);
        for (var i = 0; i < Calls; i++)
        {
            h.Directory.Agents[$"agent-{i}"] = new($"agent-{i}", $"Agent {i}", $"8:acs:agent-{i}", $"contact{i}@contoso.com");
        }

        var now = DateTimeOffset.UtcNow;
        var deliveries = Enumerable.Range(0, Calls).SelectMany(i => new Func<Task>[]
        {
            () => h.PlaceAsync(Call(agent: $"agent-{i}", callId: $"call-{i}", at: now)),
            () => h.PlaceAsync(Call(agent: $"agent-{i}", callId: $"call-{i}", at: now)),
            () => h.EndAsync($"call-{i}", now, CallEndSource.Dialer, details: Call(agent: $"agent-{i}", callId: $"call-{i}", at: now)),
            () => h.EndAsync($"call-{i}", now, CallEndSource.Acs),
        }).ToArray();
        new Random(7).Shuffle(deliveries);

        await Task.WhenAll(deliveries.Select(delivery => Task.Run(delivery)));

        // A lost end would leave its lifecycle waiting for the 5-minute deadline, beyond the wait's patience.
        for (var i = 0; i < Calls; i++)
        {
            var finished = await h.CompletionAsync($"call-{i}");
            finished.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, finished.FailureDetails?.ErrorMessage);
            var outcome = finished.ReadOutputAs<LifecycleOutcome>()!;
            outcome.End.ShouldNotBeNull($"call-{i}");
            outcome.End.Source.ShouldNotBe(CallEndSource.Deadline, $"call-{i}");
            h.Presence.Current.GetValueOrDefault($"agent-{i}")?.Availability.ShouldNotBe("DoNotDisturb", $"agent-{i}");
        }

        h.Email.Delivered.Count.ShouldBe(Calls);
        await UntilAsync(async () => (await h.PoolAsync()).Numbers.All(n => n.Lease is null), "every release to reach the pool");
        var late = await h.Handler.RouteAsync(Callback(pool[0]), DateTimeOffset.UtcNow, CancellationToken.None);
        late.Kind.ShouldBe(RouteKind.Fallback);
    }

    [Fact]
    public async Task Nothing_a_whole_lifecycle_logs_on_Azure_Storage_shows_a_phone_number_or_an_email_address_in_clear()
    {
        // Debug: everything DurableTask.Core, the Azure Storage provider and the durabletask-dotnet worker can write.
        await using var h = await StartOnAzureStorageAsync(azurite.ConnectionString, Short, LogLevel.Debug, PoolNumber1);

        await h.PlaceAsync(Call(at: DateTimeOffset.UtcNow));
        await UntilAsync(async () => (await h.PoolAsync()).Numbers.Any(n => n.Lease is not null) && !h.Email.Delivered.IsEmpty, "the lease and the email");
        (await h.Handler.RouteAsync(Callback(PoolNumber1), DateTimeOffset.UtcNow, CancellationToken.None)).Kind.ShouldBe(RouteKind.RingAgent);
        await h.EndAsync("call-1", DateTimeOffset.UtcNow);
        (await h.CompletionAsync()).RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);

        var logs = string.Join("\n", h.Logs.Lines);
        logs.ShouldContain("DurableTask.AzureStorage");
        logs.ShouldContain(InstanceId());
        foreach (var secret in new[] { "14255550101", "14255550911", "ops@contoso.com", "family@contoso.com" })
        {
            logs.ShouldNotContain(secret);
        }
    }

    [Fact]
    public async Task A_repeat_call_keeps_the_number_ringing_the_agent_after_the_first_lifecycle_releases_its_hold()
    {
        var window = Short with { CallbackWindow = TimeSpan.FromSeconds(8) };
        await using var h = await StartOnAzureStorageAsync(azurite.ConnectionString, window, PoolNumber1);
        await h.PlaceAsync(Call(at: DateTimeOffset.UtcNow));
        await UntilAsync(async () => (await h.PoolAsync()).Numbers.Any(n => n.Lease is not null), "the first lease");
        await h.EndAsync("call-1", DateTimeOffset.UtcNow);

        await h.PlaceAsync(Call(callId: "call-2", at: DateTimeOffset.UtcNow));
        await UntilAsync(() => Task.FromResult(h.Email.Delivered.Count == 2), "the second call's email");
        h.Email.Delivered.Values.ShouldAllBe(m => m.Content.PlainText.Contains(PoolNumber1, StringComparison.Ordinal));
        (await h.CompletionAsync("call-1")).RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed);

        // The first lifecycle released its hold; the second still holds the number for the same agent.
        (await h.Handler.RouteAsync(Callback(PoolNumber1), DateTimeOffset.UtcNow, CancellationToken.None)).AgentIdentity.ShouldBe("8:acs:agent-1");

        await h.EndAsync("call-2", DateTimeOffset.UtcNow);
        (await h.CompletionAsync("call-2")).ReadOutputAs<LifecycleOutcome>()!.CallbackNumber.ShouldBe(PoolNumber1);
        await UntilAsync(async () => (await h.PoolAsync()).Numbers.All(n => n.Lease is null), "the last hold's release");
        (await h.Handler.RouteAsync(Callback(PoolNumber1), DateTimeOffset.UtcNow, CancellationToken.None)).Kind.ShouldBe(RouteKind.Fallback);
    }

    private static IncomingCallEvent Callback(string number) => new(
        "4:" + number, "4:+14255550911", "context", new CallKey("callback-1", "corr-callback-1"), DateTimeOffset.UtcNow);
}
