using MailKit.Net.Smtp;
using MimeKit;

namespace EmergencyFlow.Mail.Smtp;

/// <summary>
/// MailKit's SMTP client, told that one refused recipient must not cost the others: a permanent refusal (5xx to
/// RCPT TO) is collected and the message still goes to every accepted recipient. A temporary refusal (4xx) keeps
/// MailKit's behaviour, an exception before DATA, so the whole message waits for the step's retry rather than
/// leave that contact out for good.
/// </summary>
internal sealed class RelayClient : SmtpClient
{
    private readonly List<RefusedRecipient> _refused = [];

    /// <summary>The recipients refused for good during the last send.</summary>
    public IReadOnlyList<RefusedRecipient> Refused => _refused;

    /// <inheritdoc />
    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        ArgumentNullException.ThrowIfNull(response);
        if ((int)response.StatusCode >= 500)
        {
            _refused.Add(new RefusedRecipient(mailbox.Address, (int)response.StatusCode, response.Response));
            return;
        }

        base.OnRecipientNotAccepted(message, mailbox, response);
    }

    /// <inheritdoc />
    protected override void OnNoRecipientsAccepted(MimeMessage message) =>
        throw new MailDeliveryException(
            $"The relay refused every recipient ({_refused.Count}); nothing was sent. Check the agent's emergency contacts.",
            isTransient: false,
            _refused.Count > 0 ? _refused[0].StatusCode : null);
}

/// <summary>A recipient the relay refused for good.</summary>
/// <param name="Address">The address, in clear: mask it before it is logged.</param>
/// <param name="StatusCode">The reply code (5xx).</param>
/// <param name="Reply">The relay's reply text, which may quote the address: mask it before it is logged.</param>
internal sealed record RefusedRecipient(string Address, int StatusCode, string Reply);
