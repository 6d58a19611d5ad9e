using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Application.Ops;

/// <summary>The ops API's routes, the same on both hosts (Functions serves them under <c>/api</c>).</summary>
public static class OpsRoutes
{
    /// <summary>Route prefix below <c>/api</c>.</summary>
    public const string Prefix = "ops";

    /// <summary>Emergency lifecycles, newest first.</summary>
    public const string Emergencies = Prefix + "/emergencies";

    /// <summary>One lifecycle.</summary>
    public const string Emergency = Emergencies + "/{instanceId}";

    /// <summary>Live callback leases.</summary>
    public const string Leases = Prefix + "/leases";

    /// <summary>Releases one pool number by hand.</summary>
    public const string ReleaseLease = Leases + "/{number}/release";

    /// <summary>The callback pool.</summary>
    public const string Pool = Prefix + "/pool";

    /// <summary>The agents directory.</summary>
    public const string Agents = Prefix + "/agents";

    /// <summary>One agent.</summary>
    public const string Agent = Agents + "/{agentId}";

    /// <summary>One agent's emergency contacts.</summary>
    public const string Contacts = Agent + "/contacts";

    /// <summary>The notification template.</summary>
    public const string Template = Prefix + "/template";
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

/// <summary>
/// Validation shared by both hosts' ops APIs: a problem list, empty when valid. Each problem starts
/// with the JSON field it is about, so a client can show it next to that field.
/// </summary>
public static class OpsValidation
{
    /// <summary>The most numbers one pool replacement may hold.</summary>
    public const int MaxPoolNumbers = 50_000;

    /// <summary>Contacts are saved only when every entry is valid, so nobody silently drops off the list.</summary>
    public static IReadOnlyList<string> Contacts(string? contacts)
    {
        var parsed = EmergencyContacts.Parse(contacts);
        return parsed.Rejected.Select(r => $"'{r.Entry}': {r.Reason}").ToList();
    }

    /// <summary>
    /// An agent needs a name, an ACS communication user id and valid contacts. Every field is
    /// required, so a PUT that forgets one is refused instead of wiping what was stored
    /// (<c>"emergencyContacts": ""</c> says "none" on purpose).
    /// </summary>
    public static IReadOnlyList<string> Agent(AgentDocument? agent)
    {
        if (agent is null)
        {
            return ["A JSON body with displayName, acsIdentity and emergencyContacts is required."];
        }

        var problems = new List<string>();
        if (agent.DisplayName is null)
        {
            problems.Add("displayName: required.");
        }
        else if (string.IsNullOrWhiteSpace(agent.DisplayName))
        {
            problems.Add("displayName: must not be empty.");
        }

        if (agent.AcsIdentity is null)
        {
            problems.Add("acsIdentity: required.");
        }
        else if (!agent.AcsIdentity.Trim().StartsWith("8:", StringComparison.Ordinal))
        {
            problems.Add("acsIdentity: must be an ACS raw id such as '8:acs:…'.");
        }

        if (agent.EmergencyContacts is null)
        {
            problems.Add("emergencyContacts: required (\"\" for none).");
        }
        else
        {
            problems.AddRange(Contacts(agent.EmergencyContacts).Select(p => "emergencyContacts: " + p));
        }

        return problems;
    }

    /// <summary>The contacts document: the field is required (<c>""</c> clears the list on purpose), every entry valid.</summary>
    public static IReadOnlyList<string> ContactsDocument(ContactsDocument? document) =>
        document?.Contacts is null
            ? ["contacts: required, e.g. {\"contacts\": \"a@x.com; b@y.com\"} (\"\" for none)."]
            : Contacts(document.Contacts).Select(p => "contacts: " + p).ToList();

    /// <summary>The template's three parts are required; then its own save-time validation applies.</summary>
    public static IReadOnlyList<string> Template(NotificationTemplate? template)
    {
        if (template is null)
        {
            return ["A JSON body with subject, plainText and html is required."];
        }

        var missing = new (string Field, string? Value)[] { ("subject", template.Subject), ("plainText", template.PlainText), ("html", template.Html) }
            .Where(part => part.Value is null)
            .Select(part => part.Field + ": required.")
            .ToList();
        return missing.Count > 0 ? missing : template.Validate();
    }

    /// <summary>The pool document: a list of E.164 numbers, each one checked, at most <see cref="MaxPoolNumbers"/>.</summary>
    public static IReadOnlyList<string> Pool(PoolDocument? document)
    {
        if (document?.Numbers is null)
        {
            return ["numbers: required, e.g. {\"numbers\": [\"+14255550123\"]}."];
        }

        if (document.Numbers.Count > MaxPoolNumbers)
        {
            return [$"numbers: at most {MaxPoolNumbers} numbers."];
        }

        return document.Numbers
            .Select((number, index) => (number, index))
            .Where(n => PhoneNumber.ToE164(n.number) is null)
            .Take(20)
            .Select(n => $"numbers[{n.index}]: {OpsIds.Quote(n.number)} is not an E.164 number such as +14255550123.")
            .ToList();
    }
}
