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
using EmergencyFlow.Engine;
using EmergencyFlow.Mail;
using EmergencyFlow.Engine.AzureStorage;
using EmergencyFlow.Engine.Sqlite;
using EmergencyFlow.Application.Callbacks;
using Microsoft.DurableTask.Client;
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
        services.AddSingleton(sp => LocalStore.Open(options.DatabaseFile, sp.GetRequiredService<ILogger<LocalStore>>()));
        services.AddSingleton<Timeline>();
        services.AddSingleton<LocalStore>();
        services.AddSingleton<IPresenceGateway>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IAgentDirectory>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IStepMemory>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IOperatorAlerts>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IOpsRecords>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IAlertAcknowledgements>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<IRecordRetention>(sp => sp.GetRequiredService<LocalStore>());
        services.AddSingleton<ICallRedirector, NoTelephony>();
        services.AddSingleton<IMailLog>(sp => sp.GetRequiredService<LocalStore>());
        services.AddNotificationMail(builder.Configuration, new MailHostSettings(settings.SenderAddress, settings.SenderName, options.OutboxDirectory));
        services.AddSingleton<LifecycleSteps>();
        AddEngine(builder, options);

        // After the engine: hosted services start in order, and the first pass needs the task hub it creates.
        services.AddHostedService<RetentionService>();
        services.AddSingleton(settings.Lifecycle);
        services.AddSingleton(sp => new DurableEventHost(
            sp.GetRequiredService<DurableTaskClient>(), sp.GetRequiredService<ICallRedirector>(), sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<IOperatorAlerts>(), settings.CallbackFallbackRawId, sp.GetRequiredService<ILogger<DurableEventHost>>()));
        services.AddSingleton<IEventHost>(sp => new LocalEventHost(
            sp.GetRequiredService<DurableEventHost>(), sp.GetRequiredService<LocalStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Timeline>(), settings.CallbackFallbackRawId));
        services.AddSingleton<EmergencyEventHandler>();
        AddTelemetry(builder);
        services.AddSingleton<IOpsBackend, DurableOpsBackend>();
        services.AddSingleton<OpsService>();
        services.AddHealthChecks()
            .AddCheck<DirectoryHealthCheck>("directory", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<TaskHubHealthCheck>("engine", tags: [HealthEndpoints.ReadyTag]);
        configure?.Invoke(services);

        // Request lines can carry a query string, which is the caller's text: they are not logged at all.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        services.MaskPersonalDataInLogs();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        LocalHostSeeding.SeedAgents(app.Services.GetRequiredService<LocalStore>(), seedAgents);
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
        app.MapOpsApiReference();
        return app;
    }

    /// <summary>
    /// Microsoft's engine running the product's orchestrator, activities and pool entity
    /// (<see cref="LifecycleDurableTasks"/>, the classes the Functions app runs) on the embedded SQLite
    /// provider, or on Microsoft's Azure Storage provider configured from the Functions app's host.json.
    /// Both take the host's registered clock: the demo's accelerated clock runs SQLite timers fast; Azure Storage
    /// timers follow queue visibility in real time.
    /// </summary>
    private static void AddEngine(WebApplicationBuilder builder, LocalOptions options)
    {
        var services = builder.Services;
        if (options.UsesAzureStorage)
        {
            var connection = AzureStorageConnection.FromConfiguration(builder.Configuration, AzureStorageHostJson.DefaultConnectionName)
                ?? AzureStorageConnection.DevelopmentStorage;
            var hostJson = AzureStorageHostJson.Read(Path.Combine(AppContext.BaseDirectory, "host.json"), builder.Configuration, connection);
            services.AddDurableEngineOnAzureStorage(registry => LifecycleDurableTasks.Register(registry), hostJson);
            return;
        }

        services.AddDurableEngine(
            registry => LifecycleDurableTasks.Register(registry),
            (sp, engine) => new SqliteOrchestrationService(
                new SqliteOrchestrationServiceOptions { DatabasePath = options.DurableDatabaseFile, TimeProvider = engine.TimeProvider },
                sp.GetRequiredService<ILoggerFactory>()));
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
