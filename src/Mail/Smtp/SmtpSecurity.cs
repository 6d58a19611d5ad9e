namespace EmergencyFlow.Mail.Smtp;

/// <summary>How the connection to the relay is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which the relay must offer (never opportunistic): port 587.</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, "SMTPS"): port 465.</summary>
    Tls,

    /// <summary>No encryption: only for a relay on the same host or a trusted segment, and only when set explicitly.</summary>
    None,
}
