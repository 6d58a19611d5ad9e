namespace EmergencyFlow.Mail;

/// <summary>Where notification emails go (<c>EmergencyFlow:Mail</c>).</summary>
public enum MailTransport
{
    /// <summary>One .eml file per notification in the mail folder; nothing leaves the machine.</summary>
    Outbox,

    /// <summary>An SMTP relay (<c>EmergencyFlow:Smtp</c>); a copy of each accepted message is kept in the mail folder.</summary>
    Smtp,
}
