using DurableTask.Core.History;
using EmergencyFlow.Application.Alerts;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Logging;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Presence;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Engine;
using EmergencyFlow.Engine.AzureStorage;
using EmergencyFlow.Engine.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Lifecycle.Tests.Support;

/// <summary>
/// The product's durable code (<see cref="LifecycleDurableTasks"/>) on Microsoft's engine over the SQLite
/// provider, on a fake clock, with fakes behind the step ports, driven through the shared event handler
/// (<see cref="EmergencyEventHandler"/> over <see cref="DurableEventHost"/>) as both hosts drive it. Each
/// call waits until the engine is idle; moving the clock fires the due timers one due time after another.
/// A restart stops the engine and opens a new one on the same file: what a process restart looks like.
/// </summary>
internal sealed class LifecycleHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    public const string PoolNumber1 = "+14255550101";
    public const string PoolNumber2 = "+14255550102";
    public const string FallbackRawId = "4:+14255550100";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly string folder = System.IO.Directory.CreateTempSubdirectory("lifecycle-").FullName;
    private readonly string[] poolNumbers;
    private readonly string? azureStorage;
    private readonly string taskHub = $"Lifecycle{Guid.NewGuid():N}"[..24];
    private ServiceProvider? services;
    private int eventCount;
    private LogLevel logLevel = LogLevel.Warning;

    /// <summary>What the engine and the product logged, through the masking every host applies to its log providers.</summary>
    public CapturedLogs Logs { get; } = new();

    private LifecycleHarness(LifecycleSettings? settings, string[] poolNumbers, string? azureStorage = null)
    {
        this.azureStorage = azureStorage;
        Settings = settings ?? LifecycleSettings.Default;
        this.poolNumbers = poolNumbers.Length == 0 ? [PoolNumber1, PoolNumber2] : poolNumbers;
        Directory.Agents["agent-1"] = new("agent-1", "Ana Lima", "8:acs:agent-1", "ops@contoso.com; family@contoso.com");
        Directory.Agents["agent-2"] = new("agent-2", "Ben Okafor", "8:acs:agent-2", "");
    }

    public FakeTimeProvider Clock { get; } = new(T0);

    /// <summary>The engine's clock: <see cref="Clock"/> on SQLite; the real one on Azure Storage, whose timers follow queue visibility.</summary>
    public TimeProvider Time => azureStorage is null ? Clock : TimeProvider.System;

    public LifecycleSettings Settings { get; }

    public FakePresence Presence { get; } = new();

    public FakeDirectory Directory { get; } = new();

    public FakeEmail Email { get; } = new();

    public FakeAlerts Alerts { get; } = new();

    public FakeStepMemory Memory { get; } = new();

    public FakeEventStore Events { get; } = new();

    public FakeRedirector Redirector { get; } = new();

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    public SqliteOrchestrationService Sqlite => (SqliteOrchestrationService)Services.GetRequiredService<DurableTask.Core.IOrchestrationService>();

    public EmergencyEventHandler Handler => Services.GetRequiredService<EmergencyEventHandler>();

    /// <summary>The database file the engine runs on (crash tests reopen it).</summary>
    public string DatabasePath => Path.Combine(folder, "durable.db");

    private ServiceProvider Services => services ?? throw new InvalidOperationException("The engine is stopped.");

    public static async Task<LifecycleHarness> StartAsync(LifecycleSettings? settings = null, params string[] poolNumbers)
    {
        var harness = new LifecycleHarness(settings, poolNumbers);
        await harness.StartEngineAsync();
        return harness;
    }

    /// <summary>The same harness on Microsoft's Azure Storage provider (Azurite), task hub configured from host.json, real clock.</summary>
    public static async Task<LifecycleHarness> StartOnAzureStorageAsync(string connectionString, LifecycleSettings settings, params string[] poolNumbers) =>
        await StartOnAzureStorageAsync(connectionString, settings, LogLevel.Warning, poolNumbers);

    /// <summary>The same, logging from <paramref name="logLevel"/> up into <see cref="Logs"/>.</summary>
    public static async Task<LifecycleHarness> StartOnAzureStorageAsync(string connectionString, LifecycleSettings settings, LogLevel logLevel, params string[] poolNumbers)
    {
        var harness = new LifecycleHarness(settings, poolNumbers, connectionString) { logLevel = logLevel };
        await harness.StartEngineAsync();
        return harness;
    }

    /// <summary>Waits until the lifecycle of the call has finished (real clock; Azure Storage).</summary>
    public async Task<OrchestrationMetadata> CompletionAsync(string callId = "call-1")
    {
        using var patience = new CancellationTokenSource(Patience);
        return await Client.WaitForInstanceCompletionAsync(InstanceId(callId), getInputsAndOutputs: true, patience.Token);
    }

    /// <summary>Waits until a condition holds (real clock; Azure Storage), checking every 50 ms.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            if (patience.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public static OutboundCallPlaced Call(string agent = "agent-1", string number = "911", string country = "US", string callId = "call-1", DateTimeOffset? at = null) =>
        new(agent, $"8:acs:{agent}", number, country, new CallKey(callId, $"corr-{callId}"), at ?? T0, "Building 4");

    public static string InstanceId(string callId = "call-1") => new CallKey(callId, null).InstanceId;

    /// <summary>The dialer's OutboundCallPlaced arrives now; returns what the handler did once the engine is idle.</summary>
    public async Task<EventResult> PlaceAsync(OutboundCallPlaced call)
    {
        var result = await Handler.HandleAsync(
            new TranslatedEvent.CallPlaced(NextEventId(), EventTypes.OutboundCallPlaced, call), null, Time.GetUtcNow(), CancellationToken.None);
        await SettleAsync();
        return result;
    }

    /// <summary>The clock moves to <paramref name="at"/> (firing what is due on the way), then the call's end arrives.</summary>
    public async Task<EventResult> EndAsync(string callId, DateTimeOffset at, CallEndSource source = CallEndSource.Dialer, OutboundCallPlaced? details = null)
    {
        if (azureStorage is null)
        {
            await AdvanceToAsync(at);
        }

        var result = await Handler.HandleAsync(
            new TranslatedEvent.CallEnded(NextEventId(), EventTypes.OutboundCallEnded, new CallEndSignal(new CallKey(callId, $"corr-{callId}"), at, source, details)),
            null, Time.GetUtcNow(), CancellationToken.None);
        await SettleAsync();
        return result;
    }

    /// <summary>Moves the clock to <paramref name="to"/> one due timer after another, letting the engine finish each.</summary>
    public async Task AdvanceToAsync(DateTimeOffset to)
    {
        await SettleAsync();
        while (Sqlite.NextDueTime is { } due && due <= to)
        {
            Clock.AdvanceTo(due);
            await SettleAsync();
        }

        Clock.AdvanceTo(to);
        await SettleAsync();
    }

    /// <summary>Waits until the engine has nothing left to do now (SQLite; on Azure Storage tests wait on conditions).</summary>
    public async Task SettleAsync()
    {
        if (azureStorage is not null)
        {
            return;
        }

        using var patience = new CancellationTokenSource(Patience);
        await Sqlite.WaitForIdleAsync(patience.Token);
    }

    public async Task<OrchestrationMetadata?> InstanceAsync(string callId = "call-1") =>
        await Client.GetInstanceAsync(InstanceId(callId), getInputsAndOutputs: true);

    public async Task<LifecycleOutcome> OutcomeAsync(string callId = "call-1")
    {
        var instance = (await InstanceAsync(callId)).ShouldNotBeNull();
        instance.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Completed, instance.FailureDetails?.ErrorMessage);
        return instance.ReadOutputAs<LifecycleOutcome>()!;
    }

    public async Task<LifecycleStatus> StatusAsync(string callId = "call-1") =>
        (await InstanceAsync(callId)).ShouldNotBeNull().ReadCustomStatusAs<LifecycleStatus>()!;

    public Task<CallbackPoolState> PoolAsync() => PoolEntityOperations.ReadAsync(Client, CancellationToken.None);

    /// <summary>
    /// The durable actions the lifecycle took, in order, read from its history: each activity by name,
    /// each pool operation (called or signalled) by its operation name, each durable timer as "Timer".
    /// </summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(string callId = "call-1")
    {
        var history = await Client.GetOrchestrationHistoryAsync(InstanceId(callId));
        var actions = new List<string>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent scheduled:
                    actions.Add(scheduled.Name!);
                    break;
                case EventSentEvent sent when sent.InstanceId?.StartsWith('@') == true:
                    actions.Add(System.Text.Json.JsonDocument.Parse(sent.Input!).RootElement.GetProperty("op").GetString()!);
                    break;
                case TimerCreatedEvent:
                    actions.Add("Timer");
                    break;
            }
        }

        return actions;
    }

    /// <summary>Stops the engine and starts a new one on the same file.</summary>
    public async Task RestartAsync(Action<SqliteOrchestrationService>? beforeStart = null)
    {
        await StopEngineAsync();
        await StartEngineAsync(beforeStart);
    }

    /// <summary>
    /// Stops the engine the way a process dies: without waiting for DurableTask.Core's dispatchers to
    /// wind down (they poll for a second), the provider closed under them. Whatever was not committed is
    /// delivered again on the next start.
    /// </summary>
    public async Task StopEngineAsync()
    {
        if (services is null)
        {
            return;
        }

        await services.GetRequiredService<DurableEngine>().StopAsync(new CancellationToken(canceled: true));
        await services.DisposeAsync();
        services = null;
    }

    public async Task StartEngineAsync(Action<SqliteOrchestrationService>? beforeStart = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(logLevel));
        collection.AddSingleton<ILoggerProvider>(Logs);
        collection.AddSingleton(Time);
        collection.AddSingleton(Options.Create(new EmergencyFlowOptions { SeedPoolNumbers = poolNumbers, CallbackFallbackTarget = "+14255550100" }));
        collection.AddSingleton<IPresenceGateway>(Presence);
        collection.AddSingleton<IAgentDirectory>(Directory);
        collection.AddSingleton<IEmailSender>(Email);
        collection.AddSingleton<IOperatorAlerts>(Alerts);
        collection.AddSingleton<IStepMemory>(Memory);
        collection.AddSingleton<LifecycleSteps>();
        if (azureStorage is null)
        {
            collection.AddDurableEngine(
                registry => LifecycleDurableTasks.Register(registry),
                (_, options) => new SqliteOrchestrationService(
                    new SqliteOrchestrationServiceOptions { DatabasePath = DatabasePath, TimeProvider = options.TimeProvider }));
        }
        else
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TASKHUB_NAME"] = taskHub }).Build();
            var hostJson = AzureStorageHostJson.Read(
                Path.Combine(AppContext.BaseDirectory, "host.json"), configuration, AzureStorageConnection.FromConnectionString(azureStorage));
            collection.AddDurableEngineOnAzureStorage(registry => LifecycleDurableTasks.Register(registry), hostJson);
        }

        collection.AddSingleton(sp => new DurableEventHost(
            sp.GetRequiredService<DurableTaskClient>(), Redirector, Events, Alerts, FallbackRawId, sp.GetRequiredService<ILogger<DurableEventHost>>()));
        collection.AddSingleton(sp => new EmergencyEventHandler(
            sp.GetRequiredService<DurableEventHost>(), NumberPlan.Default, Settings, Time, sp.GetRequiredService<ILogger<EmergencyEventHandler>>()));

        collection.MaskPersonalDataInLogs();
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        if (beforeStart is not null)
        {
            beforeStart(Sqlite);
        }

        await services.GetRequiredService<DurableEngine>().StartAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopEngineAsync();
        System.IO.Directory.Delete(folder, recursive: true);
    }

    private string NextEventId() => $"event-{Interlocked.Increment(ref eventCount)}";
}
