namespace EmergencyFlow.Mail.Outbox;

/// <summary>
/// A <see cref="IMailLog"/> with no store of its own: the mail folder is the record (one .eml file per
/// notification, its headers say what was sent), so recording does nothing and listing reads the folder. The
/// default when the host registers no log of its own; it reads every file's headers, which is fine for a local
/// folder of hundreds of messages, not for a long-lived one of many thousands.
/// </summary>
/// <param name="settings">The mail folder.</param>
public sealed class FolderMailLog(MailHostSettings settings) : IMailLog
{
    private readonly EmlFolder _folder = new((settings ?? throw new ArgumentNullException(nameof(settings))).Folder, settings.Durable);

    /// <inheritdoc />
    public Task RecordAsync(MailRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<MailRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MailRecord>>([.. Read(cancellationToken).OrderByDescending(r => r.WrittenAt)]);

    /// <inheritdoc />
    public Task<MailRecord?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        Task.FromResult(Read(cancellationToken).FirstOrDefault(r => string.Equals(r.MessageId, messageId, StringComparison.OrdinalIgnoreCase)));

    private IEnumerable<MailRecord> Read(CancellationToken cancellationToken)
    {
        foreach (var file in _folder.Files())
        {
            StoredMail? stored;
            try
            {
                stored = StoredMail.Read(file, cancellationToken);
            }
            catch (FileNotFoundException)
            {
                // Removed between the listing and the read.
                continue;
            }

            if (stored is not null)
            {
                yield return stored.Record;
            }
        }
    }
}
