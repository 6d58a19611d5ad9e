using System.Collections.Concurrent;
using System.Diagnostics;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Presence;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.LocalHost;
using EmergencyFlow.LocalHost.Http;
using EmergencyFlow.LocalHost.Storage;
using EmergencyFlow.Mail.Outbox;
using EmergencyFlow.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.Load;

/// <summary>
/// A local host started by the load tool on a fresh data folder and the real clock, on the provider asked
/// for (Azure Storage on an Azurite it starts and stops). The presence store and the outbox are wrapped to
/// note when each agent's Do Not Disturb was set and each lifecycle's email handed over.
/// </summary>
internal sealed class LoadHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly DirectoryInfo data;
    private readonly AzuriteServer? azurite;

    private LoadHost(WebApplication app, DirectoryInfo data, AzuriteServer? azurite, StepTimes timings)
    {
        this.app = app;
        this.data = data;
        this.azurite = azurite;
        Timings = timings;
        Keys = app.Services.GetRequiredService<HostKeys>();
    }

    public string Url => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public HostKeys Keys { get; }

    public StepTimes Timings { get; }

    public static async Task<LoadHost> StartAsync(string provider)
    {
        var data = Directory.CreateTempSubdirectory("emergencyflow-load-");
        var azurite = provider == "azure" ? await AzuriteServer.StartAsync() : null;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--EmergencyFlow:DataDirectory=" + data.FullName,
            "--Logging:LogLevel:Default=Warning",
            .. azurite is null
                ? Array.Empty<string>()
                : ["--EmergencyFlow:Storage=AzureStorage", "--AzureWebJobsStorage=" + azurite.ConnectionString, "--TASKHUB_NAME=LoadHub"],
        ];
        var timings = new StepTimes();
        var app = LocalHostApp.Build(args, services =>
        {
            services.AddSingleton<IPresenceGateway>(sp => new TimedPresence(sp.GetRequiredService<LocalStore>(), timings));
            services.AddSingleton<IEmailSender>(sp => new TimedEmail(sp.GetRequiredService<OutboxEmailSender>(), timings));
        });
        await app.StartAsync();
        Console.WriteLine($"{provider}: local host on {app.Urls.First()}{(azurite is null ? string.Empty : $", Azurite {azurite.ConnectionString.Split(';').First(p => p.StartsWith("BlobEndpoint", StringComparison.Ordinal))}")}");
        return new LoadHost(app, data, azurite, timings);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        data.Delete(recursive: true);
    }

    /// <summary>When each agent was put in DND, each lifecycle's email handed over, each agent's presence restored (Stopwatch timestamps).</summary>
    internal sealed class StepTimes
    {
        public ConcurrentDictionary<string, long> Dnd { get; } = new(StringComparer.Ordinal);

        /// <summary>Completes when the agent is put in DND.</summary>
        public ConcurrentDictionary<string, TaskCompletionSource> DndReached { get; } = new(StringComparer.Ordinal);

        public Task WhenDnd(string agentId) =>
            DndReached.GetOrAdd(agentId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public ConcurrentDictionary<string, long> Email { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, long> Restored { get; } = new(StringComparer.Ordinal);
    }

    private sealed class TimedPresence(LocalStore inner, StepTimes timings) : IPresenceGateway
    {
        public Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken) =>
            inner.GetAsync(agentId, agentIdentity, cancellationToken);

        public async Task SetDoNotDisturbAsync(string agentId, string agentIdentity, TimeSpan holdFor, CancellationToken cancellationToken)
        {
            await inner.SetDoNotDisturbAsync(agentId, agentIdentity, holdFor, cancellationToken);
            timings.Dnd.TryAdd(agentId, Stopwatch.GetTimestamp());
            timings.DndReached.GetOrAdd(agentId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        public async Task RestoreAsync(string agentId, string agentIdentity, PresenceSnapshot previous, bool keepAgentsChoice, CancellationToken cancellationToken)
        {
            await inner.RestoreAsync(agentId, agentIdentity, previous, keepAgentsChoice, cancellationToken);
            timings.Restored.TryAdd(agentId, Stopwatch.GetTimestamp());
        }
    }

    private sealed class TimedEmail(IEmailSender inner, StepTimes timings) : IEmailSender
    {
        public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
        {
            var receipt = await inner.SendAsync(message, cancellationToken);
            timings.Email.TryAdd(message.IdempotencyKey[..message.IdempotencyKey.LastIndexOf('.')], Stopwatch.GetTimestamp());
            return receipt;
        }
    }
}
