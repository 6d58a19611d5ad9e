using EmergencyFlow.Mail.Messages;
using MimeKit;
using MimeKit.Utils;

namespace EmergencyFlow.Mail.Outbox;

/// <summary>What a message file in the mail folder says about its send, read from its headers only.</summary>
/// <param name="Record">The index entry.</param>
/// <param name="Refused">The recipients the relay refused (in clear: callers mask them).</param>
internal sealed record StoredMail(MailRecord Record, IReadOnlyList<string> Refused)
{
    /// <summary>Reads a file; null when it is not a notification (no idempotency key header).</summary>
    public static StoredMail? Read(string file, CancellationToken cancellationToken)
    {
        var headers = EmlFolder.ReadHeaders(file, cancellationToken);
        var key = headers[NotificationMessage.IdempotencyKeyHeader];
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var refused = Mailboxes(headers[EmlFolder.RefusedHeader]);
        var written = DateUtils.TryParse(headers[HeaderId.Date], out var date) ? date : new DateTimeOffset(File.GetLastWriteTimeUtc(file));
        var relay = headers[EmlFolder.RelayHeader];
        return new(new MailRecord(key, NotificationMessage.MessageIdFor(key), MailRecord.InstanceOf(key), file,
            Mailboxes(headers[HeaderId.To]).Count, refused.Count, string.IsNullOrWhiteSpace(relay) ? null : relay, written), refused);
    }

    private static List<string> Mailboxes(string? header) =>
        !string.IsNullOrWhiteSpace(header) && InternetAddressList.TryParse(header, out var list)
            ? [.. list.Mailboxes.Select(m => m.Address)]
            : [];
}
