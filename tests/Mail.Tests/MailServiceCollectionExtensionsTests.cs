using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Mail.Outbox;
using EmergencyFlow.Mail.Smtp;
using EmergencyFlow.Mail.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Mail.Tests;

public sealed class MailServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_host_without_mail_settings_writes_to_the_outbox_and_lists_the_folder()
    {
        using var provider = Provider();

        provider.GetRequiredService<IEmailSender>().ShouldBeOfType<OutboxEmailSender>();
        provider.GetRequiredService<IMailLog>().ShouldBeOfType<FolderMailLog>();
    }

    [Fact]
    public void A_host_with_a_relay_sends_through_it_and_keeps_its_own_mail_log()
    {
        var hostLog = new RecordingMailLog();

        using var provider = Provider(services => services.AddSingleton<IMailLog>(hostLog), ("EmergencyFlow:Smtp:Host", "smtp.contoso.com"));

        provider.GetRequiredService<IEmailSender>().ShouldBeOfType<SmtpEmailSender>();
        provider.GetRequiredService<IMailLog>().ShouldBeSameAs(hostLog);
        provider.GetRequiredService<MailSetup>().Transport.ShouldBe(MailTransport.Smtp);
    }

    [Fact]
    public void A_bad_mail_setting_stops_the_host_while_it_is_built()
    {
        Should.Throw<OptionsValidationException>(() => Provider(configuration: ("EmergencyFlow:Smtp:Port", "0")))
            .Message.ShouldBe("EmergencyFlow:Smtp:Port '0' must be between 1 and 65535");
    }

    private ServiceProvider Provider(Action<IServiceCollection>? arrange = null, params (string Key, string Value)[] configuration)
    {
        var services = new ServiceCollection().AddLogging();
        arrange?.Invoke(services);
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        services.AddNotificationMail(settings, new MailHostSettings("DoNotReply@emergencyflow.local", "EmergencyFlow", _folder.Path));
        return services.BuildServiceProvider();
    }
}
