using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Mail.Messages;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Mail.Outbox;

/// <summary>
/// The local email service: each notification becomes one .eml file in the mail folder, named from its
/// idempotency key (<see cref="FileNameFor"/>), written atomically (temp file, flush, rename). A retried step
/// finds its file and never writes a second one; temp files a crash left behind are removed on first use.
/// </summary>
public sealed partial class OutboxEmailSender : IEmailSender
{
    private readonly MailHostSettings _settings;
    private readonly EmlFolder _folder;
    private readonly IMailLog _log;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates the sender.</summary>
    /// <param name="settings">Sender and mail folder.</param>
    /// <param name="log">Where written messages are indexed.</param>
    /// <param name="clock">The Date of each message.</param>
    /// <param name="logger">Where writes are logged (no addresses).</param>
    public OutboxEmailSender(MailHostSettings settings, IMailLog log, TimeProvider clock, ILogger<OutboxEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = settings;
        _folder = new EmlFolder(settings.Folder, settings.Durable);
        _log = log;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The file name of a key's message: the key with anything but letters, digits, '-', '_' and '.' replaced by '_', then ".eml".</summary>
    public static string FileNameFor(string idempotencyKey) => EmlFolder.FileNameFor(idempotencyKey);

    /// <summary>Writes the message (or finds the file an earlier attempt wrote); a written message refuses no recipient.</summary>
    public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var removed = _folder.EnsureReady();
        if (removed > 0)
        {
            LogOrphansRemoved(removed, _folder.Path);
        }

        var messageId = NotificationMessage.MessageIdFor(message.IdempotencyKey);
        MailRecord record;
        IReadOnlyList<string> refused = [];
        if (_folder.Find(message.IdempotencyKey) is { } earlier && StoredMail.Read(earlier, cancellationToken) is { } stored)
        {
            // Possibly the copy of an SMTP send from before the transport was switched: its receipt stands.
            LogAlreadyWritten(messageId, Path.GetFileName(earlier));
            record = stored.Record;
            refused = stored.Refused;
        }
        else
        {
            var date = _clock.GetUtcNow();
            var mime = NotificationMessage.Build(message, _settings.SenderAddress, _settings.SenderName, date);
            var (file, written) = _folder.Write(mime, message.IdempotencyKey, cancellationToken);
            if (written)
            {
                LogWritten(messageId, message.Recipients.Count, Path.GetFileName(file));
            }

            record = new MailRecord(message.IdempotencyKey, messageId, MailRecord.InstanceOf(message.IdempotencyKey), file,
                message.Recipients.Count, 0, null, date);
        }

        // Also on a retry: the index may have missed the first attempt (a crash between the file and the index).
        await _log.RecordAsync(record, cancellationToken);
        return new EmailReceipt(messageId, refused);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {MessageId} for {RecipientCount} recipient(s) written to the outbox as {File}")]
    private partial void LogWritten(string messageId, int recipientCount, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {MessageId} was already written by an earlier attempt ({File}); nothing written")]
    private partial void LogAlreadyWritten(string messageId, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} half-written message file(s) left in {Folder} by a process that stopped")]
    private partial void LogOrphansRemoved(int count, string folder);
}
