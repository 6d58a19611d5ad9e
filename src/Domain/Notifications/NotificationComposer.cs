using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Domain.Notifications;

/// <summary>A message ready for the email service.</summary>
/// <param name="IdempotencyKey">The step's key: the email service's operation id derives from it.</param>
/// <param name="Recipients">Valid, de-duplicated contacts (at most 50).</param>
/// <param name="Content">Rendered subject and bodies.</param>
/// <param name="RejectedContacts">
/// Stored contacts that were skipped because the mail path cannot deliver to them (saved under older rules,
/// or beyond the recipient limit): the others still get the email, and the outcome reports the skip.
/// </param>
public sealed record ComposedNotification(string IdempotencyKey, IReadOnlyList<string> Recipients, RenderedNotification Content, IReadOnlyList<RejectedContact> RejectedContacts);

/// <summary>Everything the notification step decides, so its hosts only load data and send.</summary>
public static class NotificationComposer
{
    /// <summary>
    /// Composes the one email for an emergency, or returns the outcome that explains why none is
    /// sent (unknown agent, no valid contacts).
    /// </summary>
    public static (ComposedNotification? Message, NotificationOutcome? NotSent) Compose(
        NotificationRequest request, AgentProfile? agent, NotificationTemplate template)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(template);
        if (agent is null)
        {
            return (null, new(NotificationStatus.UnknownAgent, 0, 0, null, "The agent is not in the directory."));
        }

        var contacts = EmergencyContacts.Parse(agent.EmergencyContacts);
        if (contacts.Addresses.Count == 0)
        {
            var detail = contacts.Rejected.Count == 0
                ? "The agent has no emergency contacts configured."
                : $"None of the agent's {contacts.Rejected.Count} emergency contacts can be emailed; fix the agent's contacts. {Reasons(contacts.Rejected)}";
            return (null, new(NotificationStatus.NoContacts, 0, contacts.Rejected.Count, null, detail));
        }

        var content = template.Render(new(agent.DisplayName, request.DialledNumber, request.CountryName,
            request.CallbackNumber, request.PlacedAt, request.Location, request.IsTest, request.CountryIso));
        return (new(request.IdempotencyKey, contacts.Addresses, content, contacts.Rejected), null);
    }

    /// <summary>The outcome once the email service accepted the message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="messageId">The message id delivery reports carry.</param>
    /// <param name="refusedMasked">Recipients the email service refused while it took the others, already masked.</param>
    public static NotificationOutcome Sent(ComposedNotification message, string messageId, IReadOnlyList<string>? refusedMasked = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var refused = refusedMasked ?? [];
        var skipped = message.RejectedContacts.Count == 0
            ? string.Empty
            : $" {message.RejectedContacts.Count} stored contact(s) skipped because they cannot be emailed; fix the agent's contacts. {Reasons(message.RejectedContacts)}";
        var refusedText = refused.Count == 0 ? string.Empty : $" The email service refused {refused.Count} recipient(s).";
        return new(NotificationStatus.Sent, message.Recipients.Count - refused.Count, message.RejectedContacts.Count, messageId,
            $"Emailed {message.Recipients.Count - refused.Count} contact(s).{refusedText}{skipped}", refused.Count == 0 ? null : refused);
    }

    // The reasons are fixed sentences that never quote the entry, so the detail holds no address.
    private static string Reasons(IReadOnlyList<RejectedContact> rejected) =>
        "Reasons: " + string.Join(" ", rejected.Select(r => r.Reason).Distinct(StringComparer.Ordinal));
}
