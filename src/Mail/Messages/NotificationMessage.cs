using System.Text;
using EmergencyFlow.Domain.Notifications;
using MimeKit;
using MimeKit.Text;

namespace EmergencyFlow.Mail.Messages;

/// <summary>
/// The one place a composed notification becomes an RFC 5322 message, whatever carries it (the .eml outbox, an
/// SMTP relay): UTF-8 subject and bodies, plain text and HTML as <c>multipart/alternative</c>, and a Message-ID
/// derived from the idempotency key, so every attempt of one step builds the same message id and a receiving
/// system can recognise a repeat.
/// </summary>
public static class NotificationMessage
{
    /// <summary>Carries the step's idempotency key, so a file or a received message can be traced to its lifecycle step.</summary>
    public const string IdempotencyKeyHeader = "X-EmergencyFlow-Idempotency-Key";

    /// <summary>The message id delivery reports and the ops views name for a key (<see cref="DeliveryReports.OperationIdFor"/>).</summary>
    public static string MessageIdFor(string idempotencyKey) => DeliveryReports.OperationIdFor(idempotencyKey).ToString();

    /// <summary>Builds the message.</summary>
    /// <param name="notification">The composed notification (recipients already validated by the domain).</param>
    /// <param name="senderAddress">The From address; its domain is the right-hand side of the Message-ID.</param>
    /// <param name="senderName">The From display name.</param>
    /// <param name="date">The Date header (from the host's clock).</param>
    public static MimeMessage Build(ComposedNotification notification, string senderAddress, string senderName, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrWhiteSpace(senderAddress);
        var from = new MailboxAddress(Encoding.UTF8, senderName, senderAddress);
        var message = new MimeMessage
        {
            Subject = notification.Content.Subject,
            Date = date,
            MessageId = $"{MessageIdFor(notification.IdempotencyKey)}@{from.Domain}",
            Body = new MultipartAlternative
            {
                // Plain text first: RFC 2046 orders alternatives from the simplest to the richest, and a reader shows the last it can.
                Text(TextFormat.Plain, notification.Content.PlainText),
                Text(TextFormat.Html, notification.Content.Html),
            },
        };
        message.From.Add(from);
        foreach (var recipient in notification.Recipients)
        {
            message.To.Add(new MailboxAddress(Encoding.UTF8, string.Empty, recipient));
        }

        message.Headers.Add(IdempotencyKeyHeader, notification.IdempotencyKey);

        // RFC 3834: out-of-office and other auto-responders must not answer an automatic notification.
        message.Headers.Add(HeaderId.AutoSubmitted, "auto-generated");
        return message;
    }

    private static TextPart Text(TextFormat format, string text)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, text);
        return part;
    }
}
