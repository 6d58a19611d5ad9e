using System.Diagnostics;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Mail.Messages;
using EmergencyFlow.Mail.Outbox;
using EmergencyFlow.Mail.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace EmergencyFlow.Mail.Tests.Outbox;

public sealed class OutboxEmailSenderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();
    private readonly RecordingMailLog _mailLog = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Each_notification_becomes_one_eml_file_named_from_its_key()
    {
        var sender = Sender();

        await sender.SendAsync(Notifications.For(Notifications.Key("call-1")), CancellationToken.None);
        await sender.SendAsync(Notifications.For(Notifications.Key("call-2")), CancellationToken.None);

        _folder.Files().Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["emergency-call-1.SendNotification.eml", "emergency-call-2.SendNotification.eml"]);
    }

    [Fact]
    public async Task A_retry_writes_nothing_new_and_returns_the_same_message_id()
    {
        var notification = Notifications.For(Notifications.Key());
        var first = await Sender().SendAsync(notification, CancellationToken.None);
        var file = _folder.Files().ShouldHaveSingleItem();
        var written = await File.ReadAllBytesAsync(file);
        _clock.Advance(TimeSpan.FromMinutes(5));

        // A new sender: the process crashed after writing and the step runs again.
        var retried = await Sender().SendAsync(notification, CancellationToken.None);

        retried.MessageId.ShouldBe(first.MessageId);
        _folder.Files().ShouldBe([file]);
        (await File.ReadAllBytesAsync(file)).ShouldBe(written);
    }

    [Fact]
    public async Task Attempts_of_one_key_at_the_same_time_leave_one_file_and_no_temp_files()
    {
        var sender = Sender();
        var notification = Notifications.For(Notifications.Key());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => sender.SendAsync(notification, CancellationToken.None))));

        _folder.Files().ShouldHaveSingleItem().ShouldEndWith(OutboxEmailSender.FileNameFor(notification.IdempotencyKey));
    }

    [Fact]
    public async Task Temp_files_left_by_a_crashed_process_are_removed_on_first_use()
    {
        var key = "emergency-call-9.SendNotification";
        var ours = Leftover(Environment.ProcessId, key);
        var dead = Leftover(int.MaxValue - 1, key);

        await Sender().SendAsync(Notifications.For(Notifications.Key()), CancellationToken.None);

        File.Exists(ours).ShouldBeFalse();
        File.Exists(dead).ShouldBeFalse();
        _folder.Files().Select(Path.GetFileName).ShouldBe(["emergency-call-1.SendNotification.eml"]);
        _logs.GetSnapshot().ShouldContain(r => r.Message.Contains("Removed 2 half-written", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_temp_file_of_another_running_process_is_left_alone()
    {
        using var other = Process.GetProcesses().First(p => p.Id != Environment.ProcessId);
        var inProgress = Leftover(other.Id, "emergency-call-9.SendNotification");

        await Sender().SendAsync(Notifications.For(Notifications.Key()), CancellationToken.None);

        File.Exists(inProgress).ShouldBeTrue();
    }

    [Fact]
    public async Task The_file_parses_back_with_both_alternatives_and_the_headers()
    {
        var notification = Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "ana.family@contoso.com");

        await Sender().SendAsync(notification, CancellationToken.None);

        var message = await MimeMessage.LoadAsync(_folder.Files().ShouldHaveSingleItem());
        var from = message.From.Mailboxes.ShouldHaveSingleItem();
        (from.Name, from.Address).ShouldBe(("EmergencyFlow", "DoNotReply@emergencyflow.local"));
        message.To.Mailboxes.Select(m => m.Address).ShouldBe(["ops-lead@contoso.com", "ana.family@contoso.com"]);
        message.Subject.ShouldBe("Notfall – Ana Lima");
        message.Date.ShouldBe(_clock.GetUtcNow());
        message.MessageId.ShouldBe($"{DeliveryReports.OperationIdFor(notification.IdempotencyKey)}@emergencyflow.local");
        message.Headers[NotificationMessage.IdempotencyKeyHeader].ShouldBe(notification.IdempotencyKey);
        var alternatives = message.Body.ShouldBeOfType<MultipartAlternative>();
        alternatives.Select(p => p.ContentType.MimeType).ShouldBe(["text/plain", "text/html"]);
        alternatives.OfType<TextPart>().ShouldAllBe(p => p.ContentType.Charset == "utf-8");
        message.TextBody.ShouldBe(Notifications.PlainText);
        message.HtmlBody.ShouldBe(Notifications.Html);
    }

    [Fact]
    public async Task The_mail_log_hears_of_each_message_and_again_on_a_retry()
    {
        var notification = Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "ana.family@contoso.com");

        var receipt = await Sender().SendAsync(notification, CancellationToken.None);
        await Sender().SendAsync(notification, CancellationToken.None);

        var expected = new MailRecord(notification.IdempotencyKey, receipt.MessageId, "emergency-call-1",
            Path.Combine(_folder.Path, "emergency-call-1.SendNotification.eml"), 2, 0, null, _clock.GetUtcNow());
        _mailLog.Records.ShouldBe([expected, expected]);
    }

    [Fact]
    public async Task A_non_durable_outbox_writes_the_same_message()
    {
        var notification = Notifications.For(Notifications.Key());

        await Sender(durable: false).SendAsync(notification, CancellationToken.None);

        (await MimeMessage.LoadAsync(_folder.Files().ShouldHaveSingleItem())).Headers[NotificationMessage.IdempotencyKeyHeader]
            .ShouldBe(notification.IdempotencyKey);
    }

    private OutboxEmailSender Sender(bool durable = true) =>
        new(new MailHostSettings("DoNotReply@emergencyflow.local", "EmergencyFlow", _folder.Path, durable), _mailLog, _clock,
            new FakeLogger<OutboxEmailSender>(_logs));

    private string Leftover(int processId, string key)
    {
        var file = Path.Combine(_folder.Path, $".{processId}.0123456789abcdef.{key}.tmp");
        File.WriteAllText(file, "From: half a message");
        return file;
    }
}
