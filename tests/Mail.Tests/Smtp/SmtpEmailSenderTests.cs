using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Mail.Messages;
using EmergencyFlow.Mail.Smtp;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Mail.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Mail.Tests.Smtp;

public sealed class SmtpEmailSenderTests : IDisposable
{
    private const string Sender = "DoNotReply@emergencyflow.example";
    private static readonly X509Certificate2 Certificate = TestCertificates.SelfSigned();

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();
    private readonly RecordingMailLog _mailLog = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_relayed_notification_reaches_every_contact_with_its_subject_bodies_and_ids()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate });
        var notification = Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "ana.family@contoso.com");

        var receipt = await SenderFor(relay).SendAsync(notification, CancellationToken.None);

        var received = relay.Received.ShouldHaveSingleItem();
        received.EnvelopeFrom.ShouldBe(Sender);
        received.EnvelopeTo.ShouldBe(["ops-lead@contoso.com", "ana.family@contoso.com"]);
        var message = received.Message;
        message.Subject.ShouldBe("Notfall – Ana Lima");
        message.TextBody.ShouldBe(Notifications.PlainText);
        message.HtmlBody.ShouldBe(Notifications.Html);
        message.Body.ShouldBeOfType<MimeKit.MultipartAlternative>();
        message.MessageId.ShouldBe($"{DeliveryReports.OperationIdFor(notification.IdempotencyKey)}@emergencyflow.example");
        message.Headers[NotificationMessage.IdempotencyKeyHeader].ShouldBe(notification.IdempotencyKey);
        message.Date.ShouldBe(_clock.GetUtcNow());
        receipt.ShouldBe(new EmailReceipt(NotificationMessage.MessageIdFor(notification.IdempotencyKey), []), new ReceiptComparer());
    }

    [Fact]
    public async Task A_refused_recipient_does_not_cost_the_others_and_the_receipt_names_it()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, Refused = Set("gone@contoso.com") });
        var notification = Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "gone@contoso.com", "ana.family@contoso.com");

        var receipt = await SenderFor(relay).SendAsync(notification, CancellationToken.None);

        relay.Received.ShouldHaveSingleItem().EnvelopeTo.ShouldBe(["ops-lead@contoso.com", "ana.family@contoso.com"]);
        receipt.RefusedRecipients.ShouldBe(["gone@contoso.com"]);
        _mailLog.Records.ShouldHaveSingleItem().RefusedRecipients.ShouldBe(1);
    }

    [Fact]
    public async Task Nothing_the_relay_says_about_a_refused_recipient_reaches_the_log_in_clear()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, Refused = Set("gone@contoso.com") });

        await SenderFor(relay).SendAsync(Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "gone@contoso.com"), CancellationToken.None);

        var logged = _logs.GetSnapshot().Select(r => r.Message).ToList();
        logged.ShouldContain(m => m.Contains("g***@contoso.com", StringComparison.Ordinal) && m.Contains("550", StringComparison.Ordinal));
        logged.ShouldAllBe(m => !m.Contains("gone@contoso.com", StringComparison.OrdinalIgnoreCase) && !m.Contains("ops-lead@", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_relay_that_refuses_every_recipient_fails_for_good_and_delivers_nothing()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, Refused = Set("gone@contoso.com", "moved@contoso.com") });

        var failure = await Should.ThrowAsync<MailDeliveryException>(() =>
            SenderFor(relay).SendAsync(Notifications.For(Notifications.Key(), "gone@contoso.com", "moved@contoso.com"), CancellationToken.None));

        failure.IsTransient.ShouldBeFalse();
        failure.Message.ShouldContain("refused every recipient");
        failure.Message.ShouldNotContain("gone@contoso.com");
        relay.Received.ShouldBeEmpty();
        _folder.Files().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_relay_that_is_down_fails_transiently_and_the_retry_once_it_is_up_delivers_exactly_once()
    {
        var port = FreePort();
        var sender = SenderFor(port);
        var notification = Notifications.For(Notifications.Key());

        var failure = await Should.ThrowAsync<MailDeliveryException>(() => sender.SendAsync(notification, CancellationToken.None));
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate }, port);
        var receipt = await sender.SendAsync(notification, CancellationToken.None);
        await sender.SendAsync(notification, CancellationToken.None);

        failure.IsTransient.ShouldBeTrue();
        failure.Message.ShouldContain($"127.0.0.1:{port}");
        relay.Received.ShouldHaveSingleItem().Message.MessageId.ShouldStartWith(receipt.MessageId);
    }

    [Fact]
    public async Task A_relay_that_stopped_fails_transiently_and_a_retry_after_it_restarts_delivers_exactly_once()
    {
        var first = await TestRelay.StartAsync(new() { Certificate = Certificate });
        var port = first.Port;
        await first.DisposeAsync();
        var sender = SenderFor(port);
        var notification = Notifications.For(Notifications.Key());

        var failure = await Should.ThrowAsync<MailDeliveryException>(() => sender.SendAsync(notification, CancellationToken.None));
        await using var restarted = await TestRelay.StartAsync(new() { Certificate = Certificate }, port);
        await sender.SendAsync(notification, CancellationToken.None);

        failure.IsTransient.ShouldBeTrue();
        restarted.Received.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_retry_after_a_successful_send_sends_nothing_and_returns_the_same_receipt_even_after_a_restart()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, Refused = Set("gone@contoso.com") });
        var notification = Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "gone@contoso.com");
        var first = await SenderFor(relay).SendAsync(notification, CancellationToken.None);

        // A new sender over the same mail folder: the process that sent it has stopped and the step runs again.
        var retried = await SenderFor(relay).SendAsync(notification, CancellationToken.None);

        relay.Received.Count.ShouldBe(1);
        retried.ShouldBe(first, new ReceiptComparer());
        retried.RefusedRecipients.ShouldBe(["gone@contoso.com"]);
    }

    [Fact]
    public async Task Attempts_of_one_key_at_the_same_time_deliver_once()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate });
        var sender = SenderFor(relay);
        var notification = Notifications.For(Notifications.Key());

        var receipts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => sender.SendAsync(notification, CancellationToken.None))));

        relay.Received.Count.ShouldBe(1);
        receipts.Select(r => r.MessageId).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Different_keys_are_different_messages()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate });
        var sender = SenderFor(relay);

        await sender.SendAsync(Notifications.For(Notifications.Key("call-1")), CancellationToken.None);
        await sender.SendAsync(Notifications.For(Notifications.Key("call-2")), CancellationToken.None);

        relay.Received.Select(r => r.Message.MessageId).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_relay_that_answers_451_to_the_message_fails_transiently_and_a_later_attempt_delivers_once()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, DataReply = 451 });
        var sender = SenderFor(relay);
        var notification = Notifications.For(Notifications.Key());

        var failure = await Should.ThrowAsync<MailDeliveryException>(() => sender.SendAsync(notification, CancellationToken.None));
        relay.Behaviour.DataReply = null;
        await sender.SendAsync(notification, CancellationToken.None);
        await sender.SendAsync(notification, CancellationToken.None);

        failure.IsTransient.ShouldBeTrue();
        failure.StatusCode.ShouldBe(451);
        relay.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_temporary_refusal_of_one_recipient_holds_the_message_for_the_retry()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, Deferred = Set("busy@contoso.com") });
        var sender = SenderFor(relay);
        var notification = Notifications.For(Notifications.Key(), "ops-lead@contoso.com", "busy@contoso.com");

        var failure = await Should.ThrowAsync<MailDeliveryException>(() => sender.SendAsync(notification, CancellationToken.None));
        relay.Behaviour.Deferred = Set();
        var receipt = await sender.SendAsync(notification, CancellationToken.None);

        failure.IsTransient.ShouldBeTrue();
        failure.StatusCode.ShouldBe(450);
        failure.Message.ShouldContain("b***@contoso.com");
        failure.Message.ShouldNotContain("busy@contoso.com");
        relay.Received.ShouldHaveSingleItem().EnvelopeTo.ShouldBe(["ops-lead@contoso.com", "busy@contoso.com"]);
        receipt.RefusedRecipients.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_relay_without_STARTTLS_is_refused_when_StartTls_is_required_and_nothing_is_sent_in_clear()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = null });

        var failure = await Should.ThrowAsync<MailDeliveryException>(() =>
            SenderFor(relay).SendAsync(Notifications.For(Notifications.Key()), CancellationToken.None));

        failure.IsTransient.ShouldBeFalse();
        failure.Message.ShouldContain("does not offer STARTTLS");
        relay.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_self_signed_relay_certificate_is_refused_unless_its_thumbprint_is_configured()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate });

        var failure = await Should.ThrowAsync<MailDeliveryException>(() =>
            SenderFor(relay.Port, pin: null).SendAsync(Notifications.For(Notifications.Key()), CancellationToken.None));

        failure.IsTransient.ShouldBeFalse();
        failure.Message.ShouldContain("TrustedCertificateThumbprint");
        relay.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_relay_speaking_TLS_from_the_first_byte_delivers_with_Security_Tls()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, ImplicitTls = true });

        await SenderFor(relay.Port, SmtpSecurity.Tls).SendAsync(Notifications.For(Notifications.Key()), CancellationToken.None);

        relay.Received.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_plain_relay_delivers_when_Security_None_is_set_explicitly()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = null });

        await SenderFor(relay.Port, SmtpSecurity.None, pin: null).SendAsync(Notifications.For(Notifications.Key()), CancellationToken.None);

        relay.Received.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Credentials_go_over_STARTTLS_and_a_wrong_password_fails_for_good_without_showing_it()
    {
        await using var relay = await TestRelay.StartAsync(new() { Certificate = Certificate, Credentials = ("emergencyflow", "s3cret-Pa55") });

        await SenderFor(relay.Port, credentials: ("emergencyflow", "s3cret-Pa55")).SendAsync(Notifications.For(Notifications.Key("call-1")), CancellationToken.None);
        var failure = await Should.ThrowAsync<MailDeliveryException>(() =>
            SenderFor(relay.Port, credentials: ("emergencyflow", "wrong-Pa55")).SendAsync(Notifications.For(Notifications.Key("call-2")), CancellationToken.None));

        relay.Received.Count.ShouldBe(1);
        failure.IsTransient.ShouldBeFalse();
        failure.Message.ShouldContain("credentials");
        failure.Message.ShouldNotContain("wrong-Pa55");
        _logs.GetSnapshot().ShouldAllBe(r => !r.Message.Contains("Pa55", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_relay_that_never_answers_times_out_as_a_transient_failure()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var failure = await Should.ThrowAsync<MailDeliveryException>(() =>
            SenderFor(port, timeoutSeconds: 1).SendAsync(Notifications.For(Notifications.Key()), CancellationToken.None));

        failure.IsTransient.ShouldBeTrue();
        _folder.Files().ShouldBeEmpty();
    }

    private SmtpEmailSender SenderFor(TestRelay relay) => SenderFor(relay.Port);

    private SmtpEmailSender SenderFor(int port, SmtpSecurity security = SmtpSecurity.StartTls, string? pin = "configured",
        (string User, string Password)? credentials = null, int timeoutSeconds = 30) =>
        new(new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = security,
            TrustedCertificateThumbprint = pin is null ? null : TestCertificates.Thumbprint(Certificate),
            UserName = credentials?.User,
            Password = credentials?.Password,
            TimeoutSeconds = timeoutSeconds,
        },
        new MailHostSettings(Sender, "EmergencyFlow", _folder.Path),
        _mailLog, _clock, new FakeLogger<SmtpEmailSender>(_logs));

    private static HashSet<string> Set(params string[] addresses) => new(addresses, StringComparer.OrdinalIgnoreCase);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Receipts compare by message id and refused recipients (the record's list compares by reference).</summary>
    private sealed class ReceiptComparer : IEqualityComparer<EmailReceipt>
    {
        public bool Equals(EmailReceipt? x, EmailReceipt? y) =>
            x?.MessageId == y?.MessageId && (x?.RefusedRecipients ?? []).SequenceEqual(y?.RefusedRecipients ?? []);

        public int GetHashCode(EmailReceipt obj) => obj.MessageId.GetHashCode(StringComparison.Ordinal);
    }
}
