using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>How the notification step ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationStatus>))]
public enum NotificationStatus
{
    /// <summary>One email was accepted for delivery to all valid contacts.</summary>
    Sent,

    /// <summary>The agent has no (valid) emergency contacts: nothing sent, recorded.</summary>
    NoContacts,

    /// <summary>The agent is not in the directory: nothing sent, operators alerted.</summary>
    UnknownAgent,

    /// <summary>Test call: contacts are not emailed unless configured.</summary>
    SkippedForTestCall,

    /// <summary>The email service refused the message after retries: operators alerted.</summary>
    Failed,
}
