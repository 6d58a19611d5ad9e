namespace EmergencyFlow.Application.Notifications;

/// <summary>What the mail service accepted.</summary>
/// <param name="MessageId">The message id delivery reports name.</param>
/// <param name="RefusedRecipients">Recipients the mail service refused while it accepted the others (in clear: callers mask them).</param>
public sealed record EmailReceipt(string MessageId, IReadOnlyList<string> RefusedRecipients)
{
    /// <summary>Every recipient accepted.</summary>
    public static EmailReceipt Accepted(string messageId) => new(messageId, []);
}
