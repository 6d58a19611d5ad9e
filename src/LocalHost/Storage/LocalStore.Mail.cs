using EmergencyFlow.Mail;
using static EmergencyFlow.Sqlite.SqliteDatabase;

namespace EmergencyFlow.LocalHost.Storage;

/// <summary>
/// The mail log (<see cref="IMailLog"/>): one row per notification handed over, written by the outbox
/// or the SMTP sender, so the ops API lists them and a delivery report finds its lifecycle by message id.
/// </summary>
public sealed partial class LocalStore
{
    private const string MailColumns = "key, message_id, instance_id, file, recipients, refused, relay, written_at";

    /// <inheritdoc />
    /// <remarks>A retry that finds its message records it again: the first record stands.</remarks>
    public async Task RecordAsync(MailRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var added = await db.WriteAsync(
            $"INSERT OR IGNORE INTO outbox ({MailColumns}) VALUES ($key, $m, $i, $f, $n, $refused, $relay, $at)",
            ("$key", record.IdempotencyKey), ("$m", record.MessageId), ("$i", record.InstanceId), ("$f", record.File), ("$n", record.Recipients),
            ("$refused", record.RefusedRecipients), ("$relay", record.Relay), ("$at", Time(record.WrittenAt)));
        if (added == 1)
        {
            var where = record.Relay is null ? $"written to {Path.GetFileName(record.File)}" : $"handed to {record.Relay}";
            timeline.Add($"email {where} for {record.Recipients} contact(s){(record.RefusedRecipients > 0 ? $", {record.RefusedRecipients} refused" : string.Empty)}");
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MailRecord>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(ListOutbox());

    /// <inheritdoc />
    public Task<MailRecord?> FindByMessageIdAsync(string messageId, CancellationToken cancellationToken) => Task.FromResult(FindOutboxByMessageId(messageId));

    /// <summary>Notifications handed over, newest first.</summary>
    public IReadOnlyList<MailRecord> ListOutbox() =>
        db.Query($"SELECT {MailColumns} FROM outbox ORDER BY written_at DESC", ReadMail);

    /// <summary>The notification with this message id, or null.</summary>
    public MailRecord? FindOutboxByMessageId(string messageId) =>
        db.Query($"SELECT {MailColumns} FROM outbox WHERE message_id = $m", ReadMail, ("$m", messageId)).FirstOrDefault();

    private static MailRecord ReadMail(Microsoft.Data.Sqlite.SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), Text(r, 2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), Text(r, 6), ParseTime(r.GetString(7)));
}
