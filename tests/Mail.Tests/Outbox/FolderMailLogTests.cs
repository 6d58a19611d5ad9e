using EmergencyFlow.Mail.Outbox;
using EmergencyFlow.Mail.Smtp;
using EmergencyFlow.Mail.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Mail.Tests.Outbox;

public sealed class FolderMailLogTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_folder_lists_its_messages_newest_first_and_finds_one_by_message_id()
    {
        var settings = Settings();
        var outbox = new OutboxEmailSender(settings, new FolderMailLog(settings), _clock, NullLogger<OutboxEmailSender>.Instance);
        var older = await outbox.SendAsync(Notifications.For(Notifications.Key("call-1")), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await outbox.SendAsync(Notifications.For(Notifications.Key("call-2"), "ops-lead@contoso.com"), CancellationToken.None);
        var log = new FolderMailLog(settings);

        var listed = await log.ListAsync(CancellationToken.None);
        var found = await log.FindByMessageIdAsync(older.MessageId, CancellationToken.None);

        listed.Select(r => (r.MessageId, r.InstanceId, r.Recipients, r.WrittenAt)).ShouldBe(
        [
            (newer.MessageId, "emergency-call-2", 1, _clock.GetUtcNow()),
            (older.MessageId, "emergency-call-1", 2, _clock.GetUtcNow().AddMinutes(-1)),
        ]);
        found.ShouldNotBeNull().File.ShouldBe(Path.Combine(_folder.Path, "emergency-call-1.SendNotification.eml"));
    }

    [Fact]
    public async Task A_message_the_relay_accepted_is_listed_with_its_relay_and_refused_count()
    {
        await using var relay = await TestRelay.StartAsync(new() { Refused = new HashSet<string>(["gone@contoso.com"]) });
        var settings = Settings();
        var smtp = new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = relay.Port, Security = SmtpSecurity.None },
            settings, new FolderMailLog(settings), _clock, NullLogger<SmtpEmailSender>.Instance);
        await smtp.SendAsync(Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "gone@contoso.com"), CancellationToken.None);

        var listed = await new FolderMailLog(settings).ListAsync(CancellationToken.None);

        var record = listed.ShouldHaveSingleItem();
        record.Relay.ShouldBe($"127.0.0.1:{relay.Port}");
        record.Recipients.ShouldBe(2);
        record.RefusedRecipients.ShouldBe(1);
    }

    [Fact]
    public async Task An_empty_or_missing_folder_lists_nothing()
    {
        var log = new FolderMailLog(new MailHostSettings("a@b.example", "x", Path.Combine(_folder.Path, "not-yet")));

        (await log.ListAsync(CancellationToken.None)).ShouldBeEmpty();
        (await log.FindByMessageIdAsync("00000000-0000-0000-0000-000000000000", CancellationToken.None)).ShouldBeNull();
    }

    private MailHostSettings Settings() => new("DoNotReply@emergencyflow.local", "EmergencyFlow", _folder.Path);
}
