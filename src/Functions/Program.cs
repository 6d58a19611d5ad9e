using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using EmergencyFlow.Application;
using EmergencyFlow.Application.Alerts;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Logging;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.AzureAdapters.Acs;
using EmergencyFlow.AzureAdapters.Alerts;
using EmergencyFlow.AzureAdapters.Presence;
using EmergencyFlow.AzureAdapters.Tables;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Functions;
using EmergencyFlow.Http;
using EmergencyFlow.Http.Security;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Keyless: the app's managed identity in Azure, the developer's Azure CLI / VS sign-in locally; one credential for every
// Azure call of the app, telemetry included.
var clientId = builder.Configuration[$"{EmergencyFlowOptions.Section}:{nameof(FunctionsOptions.ManagedIdentityClientId)}"];
TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId });
builder.Services.AddSingleton(credential);

// OpenTelemetry: one trace per lifecycle event across webhook, steps and routing, and the product's
// metrics; exported to Application Insights when the app has its connection string (always in Azure).
var telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(tracing => tracing.AddSource(EmergencyTelemetry.Name))
    .WithMetrics(metrics => metrics.AddMeter(EmergencyTelemetry.Name));
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    telemetry.UseAzureMonitorExporter(o => TelemetryExport.Configure(o, credential));
}

builder.Services.AddEmergencyFlowSettings<EmergencyFlowOptions>(builder.Configuration)
    .AddOptions<EmergencyFlowOptions>()
    // In Azure only this app answers calls to pool numbers: a late callback with nowhere to go would ring out.
    .Validate(o => o.CallbackFallbackRawId is not null,
        $"{EmergencyFlowOptions.Section}:{nameof(EmergencyFlowOptions.CallbackFallbackTarget)} is required in Azure: the contact centre's main number or queue, where callbacks go once their lease has ended");
builder.Services.AddEmergencyFlowSettings<FunctionsOptions>(builder.Configuration);

builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<FunctionsOptions>>().Value;
    // Azurite serves plain HTTP, where Azure.Core refuses bearer tokens: locally, its well-known development connection.
    return options.TableServiceUri == FunctionsOptions.DevelopmentStorage
        ? new TableClient(options.TableServiceUri, options.TableName)
        : new TableClient(new Uri(options.TableServiceUri), options.TableName, sp.GetRequiredService<TokenCredential>());
});

builder.Services.AddAcsRestClients(
    sp => new AcsOptions(new Uri(sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.AcsEndpoint),
        sp.GetRequiredService<IOptions<EmergencyFlowOptions>>().Value.SenderAddress),
    sp => sp.GetRequiredService<TokenCredential>());
builder.Services.AddEmergencyFlowHttp();

// The ops API's key; webhooks are checked by the Functions host itself, each with its own function key.
builder.Services.AddApiKeyAuthentication(webhookKey: null, opsKey: builder.Configuration[$"{EmergencyFlowOptions.Section}:{nameof(FunctionsOptions.OpsKey)}"] ?? string.Empty);
builder.Services.AddSingleton(NumberPlan.Default);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<FunctionsOptions>>().Value;
    var deadLetters = options.DeadLetterContainerUri switch
    {
        null or "" => null,
        FunctionsOptions.DevelopmentStorage => new BlobContainerClient(FunctionsOptions.DevelopmentStorage, "deadletter"),
        var uri => new BlobContainerClient(new Uri(uri), credential),
    };
    return new TableStore(sp.GetRequiredService<TableClient>(), deadLetters);
});
builder.Services.AddSingleton<IAgentDirectory>(sp => sp.GetRequiredService<TableStore>());
builder.Services.AddSingleton<IStepMemory>(sp => sp.GetRequiredService<TableStore>());
builder.Services.AddSingleton<IEventStore>(sp => sp.GetRequiredService<TableStore>());
builder.Services.AddSingleton<IAlertAcknowledgements>(sp => sp.GetRequiredService<TableStore>());
builder.Services.AddSingleton<IEmailSender, AcsEmailSender>();
builder.Services.AddSingleton<IOperatorAlerts, LoggingOperatorAlerts>();
builder.Services.AddGraphPresence(
    sp => sp.GetRequiredService<TokenCredential>(),
    sp => new GraphPresenceOptions(sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.PresenceApplicationId, TimeSpan.FromHours(4)));
builder.Services.AddTransient<LifecycleSteps>(); // transient: it holds the typed Graph HttpClient
builder.Services.AddHostedService<EmailDomainWarning>();

// Request lines can carry a query string, which is the caller's text: they are not logged at all. Then every
// provider (the worker's, OpenTelemetry's) gets masked, escaped records only.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Services.MaskPersonalDataInLogs();

builder.Build().Run();
