using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using EmergencyFlow.Application.Callbacks;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>Registers the ACS REST clients.</summary>
public static class AcsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AcsEmailClient"/>, <see cref="AcsCallAutomationClient"/> and the latter as
    /// <see cref="ICallRedirector"/>, all singletons (each holds one pipeline and its token cache).
    /// <see cref="Application.Notifications.IEmailSender"/> is left to the host, which may record the send around the client.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">The ACS endpoint and sender address, read from the host's configuration.</param>
    /// <param name="credential">The host's credential (managed identity in Azure).</param>
    public static IServiceCollection AddAcsRestClients(
        this IServiceCollection services,
        Func<IServiceProvider, AcsOptions> options,
        Func<IServiceProvider, TokenCredential> credential)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        services.AddSingleton(sp => new AcsEmailClient(
            options(sp), credential(sp), AcsClientOptions.ForEmail(), sp.GetService<ILogger<AcsEmailClient>>()));
        services.AddSingleton(sp => new AcsCallAutomationClient(
            options(sp), credential(sp), AcsClientOptions.ForCallAutomation(), sp.GetService<ILogger<AcsCallAutomationClient>>()));
        services.AddSingleton<ICallRedirector>(sp => sp.GetRequiredService<AcsCallAutomationClient>());
        return services;
    }
}
