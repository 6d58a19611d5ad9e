using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Mail.Messages;
using EmergencyFlow.Mail.Outbox;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace EmergencyFlow.Mail.Smtp;

/// <summary>
/// Sends each notification once through an SMTP relay (MailKit), for a team without ACS or an on-premises site.
/// </summary>
/// <remarks>
/// <para>
/// Once per idempotency key: before sending, the mail folder is checked for the key's file; after the relay
/// accepted the message (its reply to the end of DATA), a copy of the message is written there durably (temp
/// file, flush, rename), naming the relay and the recipients it refused. A retried step finds that file and
/// returns the same receipt without connecting. Attempts of one key in this process are serialised.
/// </para>
/// <para>
/// The one window left: a crash (or a lost disk) after the relay accepted the message and before its copy is on
/// the disk, or a connection lost after the final "." and before the relay's reply (RFC 5321 §4.1.1.4 leaves
/// the client unable to know). The retry then sends again, with the same Message-ID (derived from the key), so a
/// receiving system that de-duplicates by Message-ID shows it once. SMTP offers nothing to close it.
/// </para>
/// <para>
/// Refused recipients: a relay that refuses some recipients for good (5xx to RCPT TO) still gets the message for
/// the others, and the receipt names the refused ones. Every recipient refused is a permanent failure. Anything
/// that may pass later (relay unreachable, timeout, a 4xx reply, a dropped connection) throws a transient
/// <see cref="MailDeliveryException"/>, so the durable activity is retried with back-off. Logs and exception
/// messages mask every address the relay's replies may quote, and never hold the password.
/// </para>
/// </remarks>
public sealed partial class SmtpEmailSender : IEmailSender
{
    private const int GateCount = 16;

    private readonly SmtpOptions _options;
    private readonly string _host;
    private readonly MailHostSettings _settings;
    private readonly EmlFolder _folder;
    private readonly IMailLog _log;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, GateCount).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Creates the sender.</summary>
    /// <param name="options">The relay (validated by <see cref="SmtpOptionsValidator"/>).</param>
    /// <param name="settings">Sender, and the mail folder that keeps a copy of every accepted message.</param>
    /// <param name="log">Where accepted messages are indexed.</param>
    /// <param name="clock">The Date of each message.</param>
    /// <param name="logger">Where sends are logged (addresses masked).</param>
    public SmtpEmailSender(SmtpOptions options, MailHostSettings settings, IMailLog log, TimeProvider clock, ILogger<SmtpEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host, nameof(options));
        _options = options;
        _host = options.Host;
        _settings = settings;
        _folder = new EmlFolder(settings.Folder, settings.Durable);
        _log = log;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Sends the message (or finds that an earlier attempt did).</summary>
    /// <returns>The message id and the recipients the relay refused (in clear: callers mask them).</returns>
    /// <exception cref="MailDeliveryException">The relay did not take the message; see <see cref="MailDeliveryException.IsTransient"/>.</exception>
    public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var removed = _folder.EnsureReady();
        if (removed > 0)
        {
            LogOrphansRemoved(removed, _folder.Path);
        }

        var key = message.IdempotencyKey;
        var messageId = NotificationMessage.MessageIdFor(key);
        var gate = _gates[(uint)string.GetHashCode(key, StringComparison.Ordinal) % GateCount];
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_folder.Find(key) is { } earlier && StoredMail.Read(earlier, cancellationToken) is { } stored)
            {
                LogAlreadySent(messageId, stored.Record.Relay ?? "the outbox");
                await _log.RecordAsync(stored.Record, cancellationToken);
                return new EmailReceipt(messageId, stored.Refused);
            }

            var date = _clock.GetUtcNow();
            var mime = NotificationMessage.Build(message, _settings.SenderAddress, _settings.SenderName, date);
            var (refused, reply) = await RelayAsync(mime, cancellationToken);

            // From here the relay has the message: nothing below may fail the step, or its retry would send again.
            LogRelayed(messageId, message.Recipients.Count - refused.Count, refused.Count, _options.Relay, Scrub(reply));
            foreach (var recipient in refused)
            {
                LogRecipientRefused(messageId, Mask.Email(recipient.Address), recipient.StatusCode, Scrub(recipient.Reply));
            }

            var file = KeepCopy(mime, key, messageId, refused);
            await RecordQuietly(new MailRecord(key, messageId, MailRecord.InstanceOf(key), file, message.Recipients.Count,
                refused.Count, _options.Relay, date), messageId);
            return new EmailReceipt(messageId, [.. refused.Select(r => r.Address)]);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(IReadOnlyList<RefusedRecipient> Refused, string Reply)> RelayAsync(MimeMessage mime, CancellationToken cancellationToken)
    {
        using var client = new RelayClient { Timeout = _options.TimeoutSeconds * 1000 };
        if (_options.TrustedCertificateThumbprint is { } pin)
        {
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None || IsPinned(certificate, pin);
        }

        string reply;
        try
        {
            try
            {
                await client.ConnectAsync(_host, _options.Port, SocketOptions(_options.Security), cancellationToken);
            }
            catch (NotSupportedException) when (_options.Security == SmtpSecurity.StartTls)
            {
                throw new MailDeliveryException(
                    $"The relay {_options.Relay} does not offer STARTTLS, which {SmtpOptions.Section}:Security 'StartTls' requires; nothing was sent (use 'Tls' for a relay that speaks TLS from the first byte)",
                    isTransient: false, statusCode: null);
            }

            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken);
            }

            reply = await client.SendAsync(mime, cancellationToken);
        }
        catch (MailDeliveryException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var failure = Classify(ex);
            LogRelayFailed(_options.Relay, failure.IsTransient, failure.Message);
            throw failure;
        }

        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The relay already accepted the message; a failed goodbye changes nothing.
            LogQuitFailed(_options.Relay, ex.GetType().Name);
        }

        return (client.Refused, reply);
    }

    private string KeepCopy(MimeMessage mime, string key, string messageId, IReadOnlyList<RefusedRecipient> refused)
    {
        mime.Headers.Add(EmlFolder.RelayHeader, _options.Relay);
        if (refused.Count > 0)
        {
            var list = new InternetAddressList(refused.Select(r => new MailboxAddress(Encoding.UTF8, string.Empty, r.Address)));
            mime.Headers.Add(EmlFolder.RefusedHeader, Encoding.UTF8, list.ToString());
        }

        try
        {
            // Not cancellable: the message is sent, and only this copy keeps a retry from sending it again.
            return _folder.Write(mime, key, CancellationToken.None).File;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogCopyFailed(messageId, _folder.Path, Mask.Exception(ex));
            return _folder.FileFor(key);
        }
    }

    private async Task RecordQuietly(MailRecord record, string messageId)
    {
        try
        {
            await _log.RecordAsync(record, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogIndexFailed(messageId, Mask.Exception(ex));
        }
    }

    private MailDeliveryException Classify(Exception exception)
    {
        var relay = _options.Relay;
        return exception switch
        {
            SmtpCommandException command => new MailDeliveryException(
                $"The relay {relay} answered {(int)command.StatusCode} to {Stage(command.ErrorCode)}: {Scrub(command.Message)}",
                (int)command.StatusCode is >= 400 and < 500, (int)command.StatusCode),
            ServiceNotAuthenticatedException => new MailDeliveryException(
                $"The relay {relay} requires authentication: set {SmtpOptions.Section}:UserName and {SmtpOptions.Section}:Password", false, 530),
            AuthenticationException refused => new MailDeliveryException(
                $"The relay {relay} refused the credentials of {SmtpOptions.Section}:UserName: {Scrub(refused.Message)}", false, null),
            SslHandshakeException tls => new MailDeliveryException(
                $"TLS with the relay {relay} failed; its certificate must be valid for the host and trusted, or match {SmtpOptions.Section}:TrustedCertificateThumbprint. {Scrub(tls.Message)}", false, null),
            SmtpProtocolException protocol => new MailDeliveryException($"The relay {relay} broke off the conversation: {Scrub(protocol.Message)}", true, null),
            SocketException socket => new MailDeliveryException($"The relay {relay} could not be reached ({socket.SocketErrorCode})", true, null),
            TimeoutException or OperationCanceledException => new MailDeliveryException(
                string.Create(CultureInfo.InvariantCulture, $"The relay {relay} did not answer within {_options.TimeoutSeconds} seconds"), true, null),
            IOException io => new MailDeliveryException($"The connection to the relay {relay} failed: {Scrub(io.Message)}", true, null),
            _ => new MailDeliveryException($"Sending through the relay {relay} failed ({exception.GetType().Name}): {Scrub(exception.Message)}", true, null),
        };
    }

    // Relay replies may quote addresses; a credential never belongs in a log or an exception, whatever a relay echoes.
    private string Scrub(string? text)
    {
        var masked = Mask.Text(text);
        return string.IsNullOrEmpty(_options.Password) ? masked : masked.Replace(_options.Password, "***", StringComparison.Ordinal);
    }

    private static string Stage(SmtpErrorCode code) => code switch
    {
        SmtpErrorCode.SenderNotAccepted => "MAIL FROM",
        SmtpErrorCode.RecipientNotAccepted => "RCPT TO",
        SmtpErrorCode.MessageNotAccepted => "the message",
        _ => "a command",
    };

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    private static bool IsPinned(X509Certificate? certificate, string pin) =>
        certificate is not null && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), pin, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {MessageId} accepted by the relay {Relay} for {AcceptedCount} recipient(s), {RefusedCount} refused: {Reply}")]
    private partial void LogRelayed(string messageId, int acceptedCount, int refusedCount, string relay, string reply);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {MessageId}: the relay refused recipient {Recipient} ({StatusCode}): {Reply}")]
    private partial void LogRecipientRefused(string messageId, string recipient, int statusCode, string reply);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {MessageId} was already handed to {Relay} by an earlier attempt; nothing sent")]
    private partial void LogAlreadySent(string messageId, string relay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The relay {Relay} did not take the message (transient: {Transient}): {Reason}")]
    private partial void LogRelayFailed(string relay, bool transient, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the connection to the relay {Relay} failed ({ExceptionType}) after it accepted the message")]
    private partial void LogQuitFailed(string relay, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {MessageId} was sent, but its copy could not be kept in {Folder}: a retry of this step would send it again. {Exception}")]
    private partial void LogCopyFailed(string messageId, string folder, string exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {MessageId} was sent, but the mail log could not record it: {Exception}")]
    private partial void LogIndexFailed(string messageId, string exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} half-written message file(s) left in {Folder} by a process that stopped")]
    private partial void LogOrphansRemoved(int count, string folder);
}
