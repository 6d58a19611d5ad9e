using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Steps;
using EmergencyFlow.LocalHost.Adapters;
using EmergencyFlow.LocalHost.Http;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmergencyFlow.LocalHost;

/// <summary>An agent seeded on first start (when the directory is empty).</summary>
public sealed class SeedAgent
{
    /// <summary>Agent id.</summary>
    public string AgentId { get; set; } = string.Empty;

    /// <summary>Display name.</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>ACS raw id.</summary>
    public string AcsIdentity { get; set; } = string.Empty;

    /// <summary>Semicolon-separated contacts.</summary>
    public string EmergencyContacts { get; set; } = string.Empty;
}

/// <summary>Builds the local host: the whole product in one process.</summary>
public static class LocalHostApp
{
    /// <summary>Default address: the port Core Tools uses, so the same scripts work against both hosts.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Builds the app. <paramref name="configure"/> lets tests and the demo replace services (the clock).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var options = builder.Configuration.GetSection(LocalOptions.Section).Get<LocalOptions>() ?? new LocalOptions();
        var seedAgents = builder.Configuration.GetSection($"{LocalOptions.Section}:SeedAgents").Get<SeedAgent[]>() ?? [];
        var keys = HostKeys.Resolve(options);
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddSingleton(options);
        services.AddSingleton(keys);
        services.AddSingleton(NumberPlan.Default);
        services.TryAddSingleton<IClock, SystemClock>();
        services.AddSingleton(sp => new SqliteDatabase(options.DatabaseFile, sp.GetRequiredService<ILogger<SqliteDatabase>>()));
        services.AddSingleton<IDurableStore, SqliteDurableStore>();
        services.AddSingleton<Timeline>();
        services.AddSingleton<LocalStore>();
        services.AddSingleton<IPresenceGateway>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IAgentDirectory>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IStepMemory>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IOperatorAlerts>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IEmailSender, OutboxEmailSender>();
        services.AddSingleton<LifecycleSteps>();
        services.AddSingleton<IStepExecutor>(sp => LifecycleStepRegistry.Create(sp.GetRequiredService<LifecycleSteps>()));
        services.AddSingleton(sp => new LifecycleEngine(sp.GetRequiredService<IDurableStore>(), sp.GetRequiredService<IStepExecutor>(),
            sp.GetRequiredService<IClock>(), new EngineOptions(), sp.GetRequiredService<ILogger<LifecycleEngine>>()));
        services.AddSingleton<EventProcessor>();
        services.AddHostedService(sp => new TimerPump(sp.GetRequiredService<LifecycleEngine>(), options, sp.GetRequiredService<ILogger<TimerPump>>()));
        configure?.Invoke(services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        Seed(app.Services, options, seedAgents);
        app.MapGet("/", () => Results.Ok(new
        {
            service = "EmergencyFlow local host",
            webhook = "/runtime/webhooks/EventGrid?functionName=OnCallEvent (key: query 'code' or header 'x-functions-key')",
            ops = "/api/ops/emergencies, /api/ops/leases, /api/ops/pool, /api/ops/agents, /api/ops/template, /api/ops/presence, /api/ops/routing, /api/ops/alerts, /api/ops/events, /api/ops/outbox",
        }));
        app.MapWebhook(keys);
        app.MapOps(keys);
        return app;
    }

    private static void Seed(IServiceProvider services, LocalOptions options, SeedAgent[] agents)
    {
        var store = services.GetRequiredService<LocalStore>();
        if (store.ListAgents().Count == 0)
        {
            foreach (var agent in agents)
            {
                store.SaveAgent(new(agent.AgentId, agent.DisplayName, agent.AcsIdentity, agent.EmergencyContacts));
            }
        }

        if (options.SeedPoolNumbers.Length > 0)
        {
            var change = services.GetRequiredService<IDurableStore>()
                .UpdatePoolAsync(pool => CallbackPool.AddNumbers(pool, options.SeedPoolNumbers)).GetAwaiter().GetResult();
            if (change.Rejected)
            {
                throw new InvalidOperationException($"EmergencyFlow:SeedPoolNumbers: {change.Reason}");
            }
        }
    }
}

/// <summary>Resumes unfinished lifecycles at start, then fires due timers.</summary>
internal sealed partial class TimerPump(LifecycleEngine engine, LocalOptions options, ILogger<TimerPump> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var resumed = await engine.ResumeAllAsync();
        LogResumed(resumed);
        if (options.TimerPollMilliseconds > 0)
        {
            _loop = LoopAsync(TimeSpan.FromMilliseconds(options.TimerPollMilliseconds), _stop.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task LoopAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                await engine.RunDueAsync();
            }
            catch (Exception ex)
            {
                LogTimerFailure(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} unfinished lifecycle(s)")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer pass failed; it is tried again on the next tick")]
    private partial void LogTimerFailure(Exception ex);
}
