using EmergencyFlow.Mail.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Mail.Tests.Smtp;

public sealed class SmtpOptionsValidatorTests
{
    [Fact]
    public void Without_mail_settings_notifications_go_to_the_outbox()
    {
        var setup = SmtpOptionsValidator.Read(Configuration());

        setup.Transport.ShouldBe(MailTransport.Outbox);
    }

    [Fact]
    public void A_relay_host_alone_selects_SMTP_on_587_with_STARTTLS_required()
    {
        var setup = SmtpOptionsValidator.Read(Configuration(("EmergencyFlow:Smtp:Host", " smtp.contoso.com ")));

        setup.Transport.ShouldBe(MailTransport.Smtp);
        (setup.Smtp.Host, setup.Smtp.Port, setup.Smtp.Security, setup.Smtp.TimeoutSeconds).ShouldBe(("smtp.contoso.com", 587, SmtpSecurity.StartTls, 30));
    }

    [Fact]
    public void The_explicit_switch_keeps_the_outbox_while_relay_settings_stay_configured()
    {
        var setup = SmtpOptionsValidator.Read(Configuration(("EmergencyFlow:Mail", "outbox"), ("EmergencyFlow:Smtp:Host", "smtp.contoso.com")));

        setup.Transport.ShouldBe(MailTransport.Outbox);
    }

    [Fact]
    public void Every_setting_binds_from_configuration_and_the_thumbprint_is_normalised()
    {
        var thumbprint = string.Join(':', Enumerable.Repeat("ab", 32));

        var setup = SmtpOptionsValidator.Read(Configuration(
            ("EmergencyFlow:Mail", "Smtp"), ("EmergencyFlow:Smtp:Host", "10.0.0.25"), ("EmergencyFlow:Smtp:Port", "465"),
            ("EmergencyFlow:Smtp:Security", "tls"), ("EmergencyFlow:Smtp:UserName", "emergencyflow"), ("EmergencyFlow:Smtp:Password", "s3cret"),
            ("EmergencyFlow:Smtp:TimeoutSeconds", "10"), ("EmergencyFlow:Smtp:TrustedCertificateThumbprint", thumbprint)));

        var smtp = setup.Smtp;
        (smtp.Host, smtp.Port, smtp.Security, smtp.UserName, smtp.Password, smtp.TimeoutSeconds).ShouldBe(("10.0.0.25", 465, SmtpSecurity.Tls, "emergencyflow", "s3cret", 10));
        smtp.TrustedCertificateThumbprint.ShouldBe(string.Concat(Enumerable.Repeat("AB", 32)));
    }

    [Theory]
    [InlineData("EmergencyFlow:Smtp:Port", "0", "EmergencyFlow:Smtp:Port '0' must be between 1 and 65535")]
    [InlineData("EmergencyFlow:Smtp:Port", "70000", "EmergencyFlow:Smtp:Port '70000' must be between 1 and 65535")]
    [InlineData("EmergencyFlow:Smtp:Port", "smtp", "EmergencyFlow:Smtp:Port 'smtp' must be a whole number")]
    [InlineData("EmergencyFlow:Smtp:Security", "Opportunistic", "EmergencyFlow:Smtp:Security 'Opportunistic' must be StartTls, Tls or None")]
    [InlineData("EmergencyFlow:Smtp:TimeoutSeconds", "0", "EmergencyFlow:Smtp:TimeoutSeconds '0' must be between 1 and 600 seconds")]
    [InlineData("EmergencyFlow:Smtp:Host", "smtp://smtp.contoso.com", "EmergencyFlow:Smtp:Host 'smtp://smtp.contoso.com' must be a host name or an IP address, without a scheme or a port")]
    [InlineData("EmergencyFlow:Smtp:TrustedCertificateThumbprint", "AB12", "EmergencyFlow:Smtp:TrustedCertificateThumbprint must be the certificate's SHA-256 thumbprint (64 hex digits)")]
    [InlineData("EmergencyFlow:Mail", "Pigeon", "EmergencyFlow:Mail 'Pigeon' must be Outbox or Smtp")]
    [InlineData("EmergencyFlow:Smtp:UserName", "emergencyflow", "EmergencyFlow:Smtp:Password is required when EmergencyFlow:Smtp:UserName is set")]
    public void A_bad_value_stops_the_host_with_one_line_naming_the_setting(string key, string value, string expected)
    {
        (string, string)[] settings = key == "EmergencyFlow:Smtp:Host" ? [(key, value)] : [("EmergencyFlow:Smtp:Host", "smtp.contoso.com"), (key, value)];

        var failure = Should.Throw<OptionsValidationException>(() => SmtpOptionsValidator.Read(Configuration(settings)));

        failure.Message.ShouldBe(expected);
    }

    [Fact]
    public void Choosing_SMTP_without_a_relay_host_stops_the_host()
    {
        var failure = Should.Throw<OptionsValidationException>(() => SmtpOptionsValidator.Read(Configuration(("EmergencyFlow:Mail", "Smtp"))));

        failure.Message.ShouldBe("EmergencyFlow:Smtp:Host is required when EmergencyFlow:Mail is 'Smtp'");
    }

    [Fact]
    public void Security_None_is_refused_with_credentials_and_the_password_is_never_shown()
    {
        var failure = Should.Throw<OptionsValidationException>(() => SmtpOptionsValidator.Read(Configuration(
            ("EmergencyFlow:Smtp:Host", "smtp.contoso.com"), ("EmergencyFlow:Smtp:Security", "None"),
            ("EmergencyFlow:Smtp:UserName", "emergencyflow"), ("EmergencyFlow:Smtp:Password", "s3cret-Pa55"))));

        failure.Message.ShouldStartWith("EmergencyFlow:Smtp:Security 'None' would send the credentials in clear");
        failure.Message.ShouldNotContain("s3cret-Pa55");
    }

    [Fact]
    public void A_password_without_a_user_is_refused_without_showing_it()
    {
        var failure = Should.Throw<OptionsValidationException>(() => SmtpOptionsValidator.Read(Configuration(
            ("EmergencyFlow:Smtp:Host", "smtp.contoso.com"), ("EmergencyFlow:Smtp:Password", "s3cret-Pa55"))));

        failure.Message.ShouldBe("EmergencyFlow:Smtp:UserName is required when EmergencyFlow:Smtp:Password is set");
    }

    [Fact]
    public void Security_None_is_accepted_when_set_explicitly_without_credentials()
    {
        var setup = SmtpOptionsValidator.Read(Configuration(("EmergencyFlow:Smtp:Host", "relay.internal"), ("EmergencyFlow:Smtp:Security", "None"), ("EmergencyFlow:Smtp:Port", "25")));

        (setup.Smtp.Security, setup.Smtp.Port).ShouldBe((SmtpSecurity.None, 25));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
