using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Application.Notifications;

/// <summary>Sends one notification. Must be idempotent per <see cref="ComposedNotification.IdempotencyKey"/>.</summary>
public interface IEmailSender
{
    /// <summary>Sends (or finds the earlier send of) the message; returns its message id and the recipients the mail service refused.</summary>
    Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken);
}
