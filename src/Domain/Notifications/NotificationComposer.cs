using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Domain.Notifications;

/// <summary>A message ready for the email service.</summary>
/// <param name="IdempotencyKey">The step's key: the email service's operation id derives from it.</param>
/// <param name="Recipients">Valid, de-duplicated contacts (at most 50).</param>
/// <param name="Content">Rendered subject and bodies.</param>
/// <param name="RejectedContacts">Contacts that were skipped as invalid.</param>
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
                : $"None of the agent's {contacts.Rejected.Count} emergency contacts is a valid address.";
            return (null, new(NotificationStatus.NoContacts, 0, contacts.Rejected.Count, null, detail));
        }

        var content = template.Render(new(agent.DisplayName, request.DialledNumber, request.CountryName,
            request.CallbackNumber, request.PlacedAt, request.Location, request.IsTest));
        return (new(request.IdempotencyKey, contacts.Addresses, content, contacts.Rejected), null);
    }

    /// <summary>The outcome once the email service accepted the message.</summary>
    public static NotificationOutcome Sent(ComposedNotification message, string messageId)
    {
        ArgumentNullException.ThrowIfNull(message);
        var skipped = message.RejectedContacts.Count == 0 ? string.Empty : $" {message.RejectedContacts.Count} invalid contact(s) skipped.";
        return new(NotificationStatus.Sent, message.Recipients.Count, message.RejectedContacts.Count, messageId,
            $"Emailed {message.Recipients.Count} contact(s).{skipped}");
    }
}
