using EmergencyFlow.Mail.Smtp;

namespace EmergencyFlow.Mail;

/// <summary>The mail transport chosen from configuration, with the relay's settings (used when it is <see cref="MailTransport.Smtp"/>).</summary>
/// <param name="Transport">Outbox or SMTP.</param>
/// <param name="Smtp">The validated relay settings.</param>
public sealed record MailSetup(MailTransport Transport, SmtpOptions Smtp)
{
    /// <summary>The switch's configuration key.</summary>
    public const string TransportKey = "EmergencyFlow:Mail";
}
