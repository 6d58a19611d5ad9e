namespace EmergencyFlow.Mail.Smtp;

/// <summary>
/// The SMTP relay (section <c>EmergencyFlow:Smtp</c> in configuration, or environment variables
/// <c>EmergencyFlow__Smtp__*</c>). Checked at start by <see cref="SmtpOptionsValidator"/>.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "EmergencyFlow:Smtp";

    /// <summary>The relay's host name or IP address; setting it selects SMTP unless <c>EmergencyFlow:Mail</c> says otherwise.</summary>
    public string? Host { get; set; }

    /// <summary>The relay's port: 587 (submission with STARTTLS) by default, 465 for <see cref="SmtpSecurity.Tls"/>.</summary>
    public int Port { get; set; } = 587;

    /// <summary>TLS is required by default; <see cref="SmtpSecurity.None"/> only when set explicitly.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>User for SMTP AUTH; none means the relay accepts this host without authentication.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP AUTH: from configuration or the environment, never logged nor put into an exception.</summary>
    public string? Password { get; set; }

    /// <summary>How long one network operation (connect, each command) may take before the attempt fails and is retried.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The SHA-256 thumbprint (64 hex digits, ':' or spaces allowed) of a relay certificate to trust even though no
    /// trusted authority issued it (an on-premises relay with a self-signed certificate). Without it the
    /// certificate must be valid for <see cref="Host"/> and chain to a trusted root.
    /// </summary>
    public string? TrustedCertificateThumbprint { get; set; }

    /// <summary>The relay as logs and records name it.</summary>
    public string Relay => $"{Host}:{Port}";
}
