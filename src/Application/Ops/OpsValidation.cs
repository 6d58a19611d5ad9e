using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// Validation shared by both hosts' ops APIs: a problem list, empty when valid. Each problem starts
/// with the JSON field it is about, so a client can show it next to that field.
/// </summary>
public static class OpsValidation
{
    /// <summary>The longest acknowledgement note.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>The longest supervisor name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// An acknowledgement needs the alert's id and the supervisor's name; the note is optional. No control
    /// characters except line breaks in the note: nothing a supervisor types can forge a log line or a CSV row.
    /// </summary>
    public static IReadOnlyList<string> Acknowledgement(AlertAcknowledgementDocument? document)
    {
        if (document is null)
        {
            return ["A JSON body with alertId, by and note is required."];
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(document.AlertId) || document.AlertId.Length > 300 || !document.AlertId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/'))
        {
            problems.Add("alertId: required, the id of an alert on the supervisor view.");
        }

        if (string.IsNullOrWhiteSpace(document.By))
        {
            problems.Add("by: required, the name of the supervisor who handled the alert.");
        }
        else if (document.By.Length > MaxNameLength || document.By.Any(char.IsControl))
        {
            problems.Add($"by: at most {MaxNameLength} characters, on one line.");
        }

        if (document.Note is { } note && (note.Length > MaxNoteLength || note.Any(c => char.IsControl(c) && c is not '\n' and not '\r')))
        {
            problems.Add($"note: at most {MaxNoteLength} characters, no control characters.");
        }

        return problems;
    }

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
