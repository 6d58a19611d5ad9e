using System.Security.Cryptography;
using System.Text;

namespace EmergencyFlow.Domain.Notifications;

/// <summary>Email delivery tracking decisions.</summary>
public static class DeliveryReports
{
    private static readonly HashSet<string> Escalated = new(StringComparer.OrdinalIgnoreCase)
    {
        "Bounced", "Failed", "Suppressed", "Quarantined", "FilteredSpam",
    };

    /// <summary>True when a delivery status means the contact did not get the notification: operators must act.</summary>
    public static bool NeedsEscalation(string? status) => status is not null && Escalated.Contains(status);

    /// <summary>
    /// The email service's operation id for an idempotency key: a name-based GUID, so a retried send
    /// reuses the same id and the service does not send twice, and a delivery report's message id
    /// can be matched back to the lifecycle that sent it.
    /// </summary>
    public static Guid OperationIdFor(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("emergencyflow-email:" + idempotencyKey));
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 style (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }
}
