using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Events;
using EmergencyFlow.LocalHost;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Conformance.Tests;

/// <summary>The local host's adapters over its embedded engine and SQLite, on a virtual clock.</summary>
public sealed class LocalHostUnderTest : IHostUnderTest
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private readonly WebApplication _app;
    private readonly string _data;
    private readonly FakeTimeProvider _clock = new(T0);

    public LocalHostUnderTest()
    {
        _data = Directory.CreateTempSubdirectory("emergencyflow-conformance-").FullName;
        _app = LocalHostApp.Build(
            [
                "--EmergencyFlow:DataDirectory=" + _data,
                "--EmergencyFlow:TimerPollMilliseconds=0",
                "--EmergencyFlow:WebhookKey=conformance",
                "--EmergencyFlow:OpsKey=conformance",
                "--EmergencyFlow:CallbackWindowMinutes=60",
                "--EmergencyFlow:CallEndDeadlineHours=4",
            ],
            services => services.AddSingleton<TimeProvider>(_clock));
        var store = _app.Services.GetRequiredService<LocalStore>();
        store.SaveAgent(new(Events.Agent, "Ana Lima", Events.AgentIdentity, "ops-lead@contoso.com; ana.family@contoso.com"));
        store.SaveAgent(new(Events.OtherAgent, "Ben Okafor", Events.OtherAgentIdentity, "ben.family@contoso.com"));
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    public IReadOnlyList<AlertKind> Alerts =>
        [.. Store.ListAlerts().Select(a => Enum.Parse<AlertKind>(a.Kind))];

    public int EmailsSent => Store.ListOutbox().Count;

    public IReadOnlyList<string> Redirects =>
        [.. Store.ListRouting().Where(r => r.Decision == nameof(RouteKind.RingAgent)).Select(r => r.Target!)];

    public int DeadLetters => Store.ListDeadLetters().Count;

    private LocalStore Store => _app.Services.GetRequiredService<LocalStore>();

    private IDurableStore Durable => _app.Services.GetRequiredService<IDurableStore>();

    public async Task<DeliveryOutcome> DeliverAsync(string body)
    {
        var outcome = await _app.Services.GetRequiredService<EmergencyEventHandler>().HandleDeliveryAsync(System.Text.Encoding.UTF8.GetBytes(body), CancellationToken.None);

        // A start is acknowledged once stored; its first run continues in the background.
        await _app.Services.GetRequiredService<LifecycleEngine>().IdleAsync();
        return outcome;
    }

    public async Task<LifecycleStatus> WaitForStageAsync(string instanceId, LifecycleStage stage)
    {
        // DeliverAsync waited for the first run to reach its first wait: no waiting needed here.
        var status = await StatusAsync(instanceId);
        ((int)status.Stage).ShouldBeGreaterThanOrEqualTo((int)stage, $"stage {status.Stage}");
        return status;
    }

    public async Task<LifecycleStatus> FinishAsync(string instanceId)
    {
        var status = await StatusAsync(instanceId);
        if (status.LeaseExpiresAt is { } expires)
        {
            _clock.AdvanceTo(expires);
        }

        await _app.Services.GetRequiredService<LifecycleEngine>().RunDueAsync();
        (await Durable.GetInstanceAsync(instanceId))!.Status.ShouldBe(RuntimeStatus.Completed);
        return await StatusAsync(instanceId);
    }

    public Task SetPoolAsync(params string[] numbers) =>
        Durable.UpdatePoolAsync(pool => CallbackPool.ReplaceNumbers(pool, numbers, _clock.GetUtcNow()));

    public Task<CallbackPoolState> PoolAsync() => Durable.GetPoolAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<LifecycleStatus> StatusAsync(string instanceId)
    {
        var instance = await Durable.GetInstanceAsync(instanceId) ?? throw new InvalidOperationException($"No lifecycle {instanceId}.");
        return DurableJson.Deserialize<LifecycleStatus>(instance.CustomStatusJson!);
    }
}
