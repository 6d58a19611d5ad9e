using System.Collections.Concurrent;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.LocalHost.Storage;
using EmergencyFlow.Application.Notifications;

namespace EmergencyFlow.LocalHost.Adapters;

/// <summary>
/// The local email service: each notification becomes one RFC 5322 .eml file, written by
/// System.Net.Mail's pickup-directory delivery into a private folder inside the outbox, flushed,
/// then renamed to its name from the idempotency key (same file system: the rename is atomic and a
/// reader never sees half a message). A retried step finds its file and never writes a second one.
/// </summary>
public sealed class OutboxEmailSender(LocalOptions options, EmergencyFlowOptions settings, LocalStore store, TimeProvider clock, Timeline timeline) : IEmailSender, IDisposable
{
    private const string PickupFolder = ".pickup";
    private static long s_pickups;
    private readonly ConcurrentBag<Pickup> _pickups = [];

    /// <inheritdoc />
    public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var messageId = DeliveryReports.OperationIdFor(message.IdempotencyKey).ToString();
        var file = Path.Combine(options.OutboxDirectory, FileNameFor(message.IdempotencyKey));
        if (store.FindOutbox(message.IdempotencyKey) is { } existing)
        {
            return EmailReceipt.Accepted(existing.MessageId);
        }

        // A retry after a crash between writing the file and indexing it finds the file: never a second one.
        if (!File.Exists(file))
        {
            Write(message, messageId, file);
        }

        await store.RecordOutboxAsync(new OutboxRow(message.IdempotencyKey, messageId, InstanceOf(message.IdempotencyKey), file, message.Recipients.Count, clock.GetUtcNow()));

        timeline.Add($"email written to {Path.GetRelativePath(Directory.GetCurrentDirectory(), file)} for {message.Recipients.Count} contact(s): {string.Join(", ", message.Recipients.Select(Mask.Email))}");
        return EmailReceipt.Accepted(messageId);
    }

    /// <summary>A file name from the key: the key is made of instance-id characters and a step name.</summary>
    public static string FileNameFor(string idempotencyKey) =>
        new string(idempotencyKey.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()) + ".eml";

    /// <summary>Disposes the pickup clients.</summary>
    public void Dispose()
    {
        while (_pickups.TryTake(out var pickup))
        {
            pickup.Client.Dispose();
        }
    }

    private void Write(ComposedNotification message, string messageId, string file)
    {
        // Inside the outbox, so the final move is a rename on one file system, never a copy. Pickup
        // folders and their clients are reused (one message at a time each): creating a folder or a
        // client per message cost more than writing it.
        if (!_pickups.TryTake(out var pickup))
        {
            var folder = Directory.CreateDirectory(Path.Combine(options.OutboxDirectory, PickupFolder,
                $"{Environment.ProcessId}.{Interlocked.Increment(ref s_pickups)}"));

            // A folder of an earlier process with the same id may hold a half-written message.
            DeleteFiles(folder);
            pickup = new(folder, new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = folder.FullName });
        }

        var moved = false;
        try
        {
            using var mail = new MailMessage
            {
                From = new MailAddress(settings.SenderAddress, settings.SenderName),
                Subject = message.Content.Subject,
                SubjectEncoding = Encoding.UTF8,
                Body = message.Content.PlainText,
                BodyEncoding = Encoding.UTF8,
                IsBodyHtml = false,
            };
            foreach (var recipient in message.Recipients)
            {
                mail.To.Add(recipient);
            }

            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.Content.Html, Encoding.UTF8, MediaTypeNames.Text.Html));
            mail.Headers.Add("Message-ID", $"<{messageId}@emergencyflow.local>");
            mail.Headers.Add("X-EmergencyFlow-Idempotency-Key", message.IdempotencyKey);
            pickup.Client.Send(mail);

            var written = pickup.Folder.GetFiles("*.eml").Single().FullName;
            if (store.Durable)
            {
                using var stream = new FileStream(written, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

                // On disk before it gets its final name: a crash leaves the whole message or none.
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(written, file, overwrite: false);
                moved = true;
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another attempt of the same step got there first; its file is the message.
            }
        }
        finally
        {
            if (!moved)
            {
                DeleteFiles(pickup.Folder);
            }

            _pickups.Add(pickup);
        }
    }

    private static void DeleteFiles(DirectoryInfo folder)
    {
        foreach (var left in folder.GetFiles())
        {
            left.Delete();
        }
    }

    private static string? InstanceOf(string idempotencyKey)
    {
        var dot = idempotencyKey.LastIndexOf('.');
        return dot > 0 ? idempotencyKey[..dot] : null;
    }

    /// <summary>A private pickup folder and the client that writes into it.</summary>
    private sealed record Pickup(DirectoryInfo Folder, SmtpClient Client);
}
