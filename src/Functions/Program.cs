using Azure.Communication.CallAutomation;
using Azure.Communication.Email;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Functions;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Hosting.Presence;
using EmergencyFlow.Hosting.Steps;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

builder.Services.AddOptions<FunctionsOptions>()
    .Bind(builder.Configuration.GetSection(FunctionsOptions.Section))
    .ValidateDataAnnotations()
    .ValidateOnStart();

// Keyless: the app's managed identity in Azure, the developer's Azure CLI / VS sign-in locally.
builder.Services.AddSingleton<TokenCredential>(sp =>
{
    var clientId = sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.ManagedIdentityClientId;
    return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId });
});
builder.Services.AddSingleton(sp => new EmailClient(
    new Uri(sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.AcsEndpoint), sp.GetRequiredService<TokenCredential>()));
builder.Services.AddSingleton(sp => new CallAutomationClient(
    new Uri(sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.AcsEndpoint), sp.GetRequiredService<TokenCredential>()));
builder.Services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<FunctionsOptions>>().Value;
    // Azurite serves plain HTTP, where Azure.Core refuses bearer tokens: locally, its well-known development connection.
    return options.TableServiceUri == FunctionsOptions.DevelopmentStorage
        ? new TableClient(options.TableServiceUri, options.TableName)
        : new TableClient(new Uri(options.TableServiceUri), options.TableName, sp.GetRequiredService<TokenCredential>());
});

builder.Services.AddSingleton(NumberPlan.Default);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TableStore>();
builder.Services.AddSingleton<IAgentDirectory>(sp => sp.GetRequiredService<TableStore>());
builder.Services.AddSingleton<IStepMemory>(sp => sp.GetRequiredService<TableStore>());
builder.Services.AddSingleton<IEmailSender, AcsEmailSender>();
builder.Services.AddSingleton<IOperatorAlerts, LoggingOperatorAlerts>();
builder.Services.AddSingleton<ICallRedirector, AcsCallRedirector>();
builder.Services.AddHttpClient<IPresenceGateway, GraphPresenceGateway>((http, sp) =>
{
    var options = sp.GetRequiredService<IOptions<FunctionsOptions>>().Value;
    return new GraphPresenceGateway(http, sp.GetRequiredService<TokenCredential>(), new GraphPresenceOptions(options.PresenceApplicationId, TimeSpan.FromHours(4)));
});
builder.Services.AddTransient<LifecycleSteps>(); // transient: it holds the typed Graph HttpClient

builder.Build().Run();
