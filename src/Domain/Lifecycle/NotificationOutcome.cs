
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Result of the notification step.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Recipients">How many contacts the email went to.</param>
/// <param name="RejectedContacts">How many stored contacts were invalid and skipped.</param>
/// <param name="MessageId">The email service's operation id, for delivery reports.</param>
/// <param name="Detail">A sentence for the operator (no addresses).</param>
/// <param name="RefusedRecipients">Recipients the mail service refused while it took the others, masked; added later with a default.</param>
public sealed record NotificationOutcome(NotificationStatus Status, int Recipients, int RejectedContacts, string? MessageId, string Detail, IReadOnlyList<string>? RefusedRecipients = null);
