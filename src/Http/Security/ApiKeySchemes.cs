namespace EmergencyFlow.Http.Security;

/// <summary>
/// The two credentials of the HTTP surface, each an authentication scheme and a policy of the same name.
/// A webhook key opens the Event Grid webhooks and nothing else; the ops key opens the ops API and nothing
/// else. Keys travel in a header only, never in a URL (URLs reach logs).
/// </summary>
public static class ApiKeySchemes
{
    /// <summary>The Event Grid webhooks' scheme and policy.</summary>
    public const string Webhook = "WebhookKey";

    /// <summary>The ops API's scheme and policy.</summary>
    public const string Ops = "OpsKey";

    /// <summary>The header Event Grid sends the webhook key in (a delivery attribute in Azure, where the Functions host checks it).</summary>
    public const string WebhookHeader = "x-functions-key";

    /// <summary>The header supervisors' and operators' tools send the ops key in.</summary>
    public const string OpsHeader = "x-ops-key";

    /// <summary>The shortest key accepted: 32 characters (a generated key has 43).</summary>
    public const int MinimumKeyLength = 32;
}
