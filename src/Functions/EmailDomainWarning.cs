using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions;

/// <summary>
/// Says at start-up when the app sends from an Azure-managed email domain: 5 emails a minute and 10 an hour per
/// subscription, so a busy day throttles emergency notifications. Production needs a custom domain (docs/deploy.md).
/// </summary>
public sealed partial class EmailDomainWarning(IOptions<FunctionsOptions> options, ILogger<EmailDomainWarning> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.EmailDomainKind == "AzureManaged")
        {
            LogManagedDomain();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification emails are sent from an Azure-managed domain (5 a minute, 10 an hour): set up a custom email domain before production (docs/deploy.md)")]
    private partial void LogManagedDomain();
}
