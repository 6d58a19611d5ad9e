using EmergencyFlow.Application.Logging;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Http;
using EmergencyFlow.Http.Health;
using EmergencyFlow.Http.OpenApi;
using EmergencyFlow.Http.Security;
using EmergencyFlow.Http.Supervisor;
using Microsoft.Extensions.Options;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Durable;
using EmergencyFlow.LocalHost.Adapters;
using EmergencyFlow.LocalHost.Events;
using EmergencyFlow.LocalHost.Http;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using EmergencyFlow.Application;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Presence;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Alerts;

namespace EmergencyFlow.LocalHost;

/// <summary>Builds the local host: the whole product in one process.</summary>
public static class LocalHostApp
{
    /// <summary>Default address: the port Core Tools uses, so the same scripts work against both hosts.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Builds the app. <paramref name="configure"/> lets tests and the demo replace services (the clock).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = SettingsRoot() });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var settings = SettingsValidator.Read<EmergencyFlowOptions>(builder.Configuration);
        var options = SettingsValidator.Read<LocalOptions>(builder.Configuration);

        // Emergencies, presence, contacts, emails and keys: for this user's eyes only, from the first file on.
        PrivateFiles.RestrictNewFiles();
        PrivateFiles.Tighten(options.DataDirectory);
        var seedAgents = builder.Configuration.GetSection($"{EmergencyFlowOptions.Section}:SeedAgents").Get<SeedAgent[]>() ?? [];
        var keys = HostKeys.Resolve(options);
        var services = builder.Services;
        services.AddEmergencyFlowHttp();
        services.AddApiKeyAuthentication(keys.Webhook, keys.Ops);
        services.AddOpsOpenApi();
        services.AddSingleton(settings);
        services.AddSingleton(Options.Create(settings));
        services.AddSingleton(options);
        services.AddSingleton(keys);
        services.AddSingleton(NumberPlan.Default);
        services.TryAddSingleton(TimeProvider.System);
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
            sp.GetRequiredService<TimeProvider>(), new EngineOptions(MaxBackgroundRuns: options.MaxBackgroundRuns), sp.GetRequiredService<ILogger<LifecycleEngine>>()));
        services.AddSingleton(settings.Lifecycle);
        services.AddSingleton<IEventHost, LocalEventHost>();
        services.AddSingleton<EmergencyEventHandler>();
        services.AddHostedService(sp => new TimerPump(sp.GetRequiredService<LifecycleEngine>(), options, sp.GetRequiredService<ILogger<TimerPump>>()));
        AddTelemetry(builder);
        services.AddSingleton<IOpsBackend, LocalOpsBackend>();
        services.AddSingleton<OpsService>();
        services.AddHealthChecks()
            .AddCheck<DirectoryHealthCheck>("directory", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<LocalEngineHealthCheck>("engine", tags: [HealthEndpoints.ReadyTag]);
        configure?.Invoke(services);

        // Request lines can carry a query string, which is the caller's text: they are not logged at all.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        services.MaskPersonalDataInLogs();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        LocalHostSeeding.Seed(app.Services, settings, seedAgents);
        app.MapGet("/", () => Results.Ok(new
        {
            service = "EmergencyFlow local host",
            webhook = "/api/events/calls and /api/events/incoming-calls (key: header 'x-functions-key'); old path /runtime/webhooks/EventGrid?functionName=OnCallEvent",
            ops = "(key: header 'x-ops-key') /api/ops/emergencies, /api/ops/leases, /api/ops/pool, /api/ops/agents, /api/ops/template, /api/ops/presence, /api/ops/routing, /api/ops/alerts, /api/ops/events, /api/ops/outbox",
        }));
        app.MapLocalWebhook();
        app.MapLocalOps();
        app.MapSupervisorPage();
        app.MapEmergencyFlowHealthChecks();
        app.MapOpsOpenApi();
        return app;
    }

    /// <summary>
    /// The same traces and metrics as the Functions app (<see cref="EmergencyTelemetry"/>), exported only
    /// when asked: <c>EmergencyFlow:Telemetry=console</c>, or an OTLP endpoint in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.
    /// </summary>
    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        var console = string.Equals(builder.Configuration[$"{EmergencyFlowOptions.Section}:{nameof(LocalOptions.Telemetry)}"], "console", StringComparison.OrdinalIgnoreCase);
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!console && !otlp)
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource(EmergencyTelemetry.Name);
                if (console)
                {
                    tracing.AddConsoleExporter();
                }

                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EmergencyTelemetry.Name);
                if (console)
                {
                    metrics.AddConsoleExporter();
                }

                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
    }

    /// <summary>
    /// appsettings.json is read from the content root, which defaults to the current directory: a host
    /// started from elsewhere (the repository root, a script) would run with an empty pool and directory.
    /// The build output has its own copy, so that is the root whenever the current directory has none.
    /// </summary>
    internal static string? SettingsRoot() =>
        File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) ? null : AppContext.BaseDirectory;
}
