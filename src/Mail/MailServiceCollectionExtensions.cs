using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Mail.Outbox;
using EmergencyFlow.Mail.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Mail;

/// <summary>Registers the notification mail transport a host's configuration chooses.</summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEmailSender"/>: the .eml outbox (<see cref="OutboxEmailSender"/>) by default, the SMTP
    /// relay (<see cref="SmtpEmailSender"/>) when <c>EmergencyFlow:Mail</c> is <c>Smtp</c>, or when it is unset and
    /// <c>EmergencyFlow:Smtp:Host</c> is set (see <see cref="SmtpOptionsValidator.Read"/>). The settings are read and
    /// validated here, while the host is built: a bad value throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
    /// with one line naming the setting. Also registers the chosen <see cref="MailSetup"/>, the sender's concrete
    /// type, <see cref="FolderMailLog"/> as <see cref="IMailLog"/> unless the host registered its own log first, and
    /// <see cref="TimeProvider.System"/> unless a clock is registered. Needs logging (<c>ILogger&lt;T&gt;</c>).
    /// </summary>
    public static IServiceCollection AddNotificationMail(this IServiceCollection services, IConfiguration configuration, MailHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var setup = SmtpOptionsValidator.Read(configuration);
        services.AddSingleton(setup);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMailLog>(_ => new FolderMailLog(settings));
        if (setup.Transport == MailTransport.Smtp)
        {
            services.AddSingleton(sp => new SmtpEmailSender(setup.Smtp, settings, sp.GetRequiredService<IMailLog>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SmtpEmailSender>>()));
            services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<SmtpEmailSender>());
        }
        else
        {
            services.AddSingleton(sp => new OutboxEmailSender(settings, sp.GetRequiredService<IMailLog>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboxEmailSender>>()));
            services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<OutboxEmailSender>());
        }

        return services;
    }
}
