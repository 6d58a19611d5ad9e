namespace EmergencyFlow.Mail.Smtp;

/// <summary>
/// The relay did not take the message. The message never quotes an address in clear (the relay's replies are
/// masked) nor a credential, and no inner exception is kept because its message would be the relay's raw reply.
/// </summary>
public sealed class MailDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailDeliveryException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MailDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MailDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, masked.</param>
    /// <param name="isTransient">True when a later attempt may succeed.</param>
    /// <param name="statusCode">The relay's SMTP reply code, when it gave one.</param>
    public MailDeliveryException(string message, bool isTransient, int? statusCode)
        : base(message)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
    }

    /// <summary>
    /// True when a later attempt may succeed (relay unreachable, timed out, a 4xx reply, the connection dropped);
    /// false when only a change of settings or contacts helps (5xx, every recipient refused, TLS or credentials refused).
    /// </summary>
    public bool IsTransient { get; }

    /// <summary>The relay's SMTP reply code, when it gave one.</summary>
    public int? StatusCode { get; }
}
