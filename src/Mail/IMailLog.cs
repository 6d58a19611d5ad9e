namespace EmergencyFlow.Mail;

/// <summary>
/// The index of notifications handed over (written to the outbox or accepted by the relay), for the ops views
/// (<c>GET /api/ops/outbox</c>) and for matching a delivery report's message id back to its lifecycle. The
/// local host implements it over its store; <see cref="Outbox.FolderMailLog"/> reads the mail folder itself.
/// It is an index, not the proof of a send: the senders decide "already sent" from the mail folder.
/// </summary>
public interface IMailLog
{
    /// <summary>Records a notification. Called again for the same key when a retried step finds its message: ignore the repeat.</summary>
    Task RecordAsync(MailRecord record, CancellationToken cancellationToken);

    /// <summary>Every recorded notification, newest first.</summary>
    Task<IReadOnlyList<MailRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The notification with this message id, or null.</summary>
    Task<MailRecord?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken);
}
