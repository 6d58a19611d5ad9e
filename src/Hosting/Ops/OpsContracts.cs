using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Hosting.Ops;

/// <summary>The ops API's routes, the same on both hosts (Functions serves them under <c>/api</c>).</summary>
public static class OpsRoutes
{
    /// <summary>Route prefix below <c>/api</c>.</summary>
    public const string Prefix = "ops";
}

/// <summary>An emergency as operators see it (numbers masked).</summary>
public sealed record EmergencyView(
    string InstanceId,
    string RuntimeStatus,
    LifecycleStage? Stage,
    string? Summary,
    string? AgentId,
    string? DialledNumber,
    string? Country,
    bool IsTest,
    string? CallbackNumber,
    DateTimeOffset? PlacedAt,
    DateTimeOffset? CallEndedAt,
    CallEndSource? EndedBy,
    DateTimeOffset? LeaseExpiresAt,
    NotificationStatus? Notification,
    IReadOnlyList<AlertKind> Alerts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Builds the view from what every durable backend keeps: runtime status, custom status and times.</summary>
    public static EmergencyView From(string instanceId, string runtimeStatus, LifecycleStatus? status, DateTimeOffset createdAt, DateTimeOffset updatedAt) => new(
        instanceId, runtimeStatus, status?.Stage, status?.Summary, status?.AgentId, status?.DialledNumber, status?.CountryIso, status?.IsTest ?? false,
        status?.CallbackNumberMasked, status?.PlacedAt, status?.CallEndedAt, status?.EndedBy, status?.LeaseExpiresAt, status?.Notification,
        status?.Alerts ?? [], createdAt, updatedAt);

    /// <summary>The agent's display name from the directory, when the host looked it up.</summary>
    public string? AgentName { get; init; }
}

/// <summary>A live callback lease. Pool numbers belong to the contact centre, so they are shown in clear to operators.</summary>
public sealed record LeaseView(string Number, string AgentId, DateTimeOffset LeasedAt, DateTimeOffset ExpiresAt, int Holds)
{
    /// <summary>The live leases of a pool at a time.</summary>
    public static IReadOnlyList<LeaseView> LiveIn(CallbackPoolState pool, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.LiveAt(now).Select(n => new LeaseView(n.Number, n.Lease!.AgentId, n.Lease.LeasedAt, n.Lease.ExpiresAt, n.Lease.Holds.Count)).ToList();
    }
}

/// <summary>A pool number and whether it is leased now.</summary>
public sealed record PoolNumberView(string Number, bool Leased, string? AgentId, DateTimeOffset? ExpiresAt, DateTimeOffset? ReleasedAt)
{
    /// <summary>The pool at a time.</summary>
    public static IReadOnlyList<PoolNumberView> Of(CallbackPoolState pool, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return pool.Numbers.Select(n => n.Lease is { } l && l.IsLiveAt(now)
            ? new PoolNumberView(n.Number, true, l.AgentId, l.ExpiresAt, n.ReleasedAt)
            : new PoolNumberView(n.Number, false, null, null, n.ReleasedAt)).ToList();
    }
}

/// <summary>PUT body for the pool: exactly these numbers.</summary>
public sealed record PoolDocument(IReadOnlyList<string> Numbers);

/// <summary>An agent's emergency contacts in the stored semicolon format.</summary>
public sealed record ContactsDocument(string Contacts);

/// <summary>An agent in the directory.</summary>
public sealed record AgentDocument(string DisplayName, string AcsIdentity, string EmergencyContacts)
{
    /// <summary>The stored profile: trimmed, contacts in their normal form (call after <see cref="OpsValidation.Agent"/>).</summary>
    public AgentProfile ToProfile(string agentId) =>
        new(agentId, DisplayName.Trim(), AcsIdentity.Trim(), Domain.Notifications.EmergencyContacts.Parse(EmergencyContacts).ToStoredForm());
}

/// <summary>A presence value (local host: simulate the agent changing presence).</summary>
public sealed record PresenceDocument(string Availability, string? Activity);

/// <summary>Validation shared by both hosts' ops APIs: a problem list, empty when valid.</summary>
public static class OpsValidation
{
    /// <summary>
    /// Agent ids become keys in every store (SQLite rows, Azure Table row keys, Graph paths), so they
    /// are limited to letters, digits and <c>. _ - @</c>, at most 128 characters.
    /// </summary>
    public static IReadOnlyList<string> AgentId(string? agentId) =>
        !string.IsNullOrEmpty(agentId) && agentId.Length <= 128 && agentId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            ? []
            : ["agentId: 1 to 128 letters, digits, '.', '_', '-' or '@'."];

    /// <summary>Contacts are saved only when every entry is valid, so nobody silently drops off the list.</summary>
    public static IReadOnlyList<string> Contacts(string? contacts)
    {
        var parsed = EmergencyContacts.Parse(contacts);
        return parsed.Rejected.Select(r => $"'{r.Entry}': {r.Reason}").ToList();
    }

    /// <summary>An agent needs a name, an ACS communication user id and valid contacts.</summary>
    public static IReadOnlyList<string> Agent(AgentDocument? agent)
    {
        if (agent is null)
        {
            return ["A JSON body with displayName, acsIdentity and emergencyContacts is required."];
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(agent.DisplayName))
        {
            problems.Add("displayName: required.");
        }

        if (string.IsNullOrWhiteSpace(agent.AcsIdentity) || !agent.AcsIdentity.StartsWith("8:", StringComparison.Ordinal))
        {
            problems.Add("acsIdentity: must be an ACS raw id such as '8:acs:…'.");
        }

        problems.AddRange(Contacts(agent.EmergencyContacts).Select(p => "emergencyContacts: " + p));
        return problems;
    }

    /// <summary>The template's own save-time validation.</summary>
    public static IReadOnlyList<string> Template(NotificationTemplate? template) =>
        template is null ? ["A JSON body with subject, plainText and html is required."] : template.Validate();
}
