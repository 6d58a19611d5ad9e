using EmergencyFlow.Application.Ops;
using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Http.Ops;

/// <summary>An example body per document type, shown when a body is missing.</summary>
internal static class OpsExamples
{
    public static string For(Type document) => document.Name switch
    {
        nameof(PoolDocument) => "{\"numbers\": [\"+14255550123\"]}",
        nameof(AgentDocument) => "{\"displayName\": \"Ana Lima\", \"acsIdentity\": \"8:acs:…\", \"emergencyContacts\": \"a@contoso.com\"}",
        nameof(ContactsDocument) => "{\"contacts\": \"a@contoso.com; b@contoso.com\"}",
        nameof(NotificationTemplate) => "{\"subject\": \"…\", \"plainText\": \"…\", \"html\": \"…\"}",
        nameof(PresenceDocument) => "{\"availability\": \"Available\", \"activity\": \"Available\"}",
        _ => "{}",
    };
}
