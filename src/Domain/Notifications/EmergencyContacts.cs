namespace EmergencyFlow.Domain.Notifications;

/// <summary>A contact entry that was not accepted, with the reason.</summary>
/// <param name="Entry">The entry as written (trimmed).</param>
/// <param name="Reason">Why it was rejected.</param>
public sealed record RejectedContact(string Entry, string Reason);

/// <summary>An agent's emergency contacts after parsing.</summary>
/// <param name="Addresses">Valid, de-duplicated addresses in the order written.</param>
/// <param name="Rejected">Entries that were not accepted.</param>
public sealed record EmergencyContacts(IReadOnlyList<string> Addresses, IReadOnlyList<RejectedContact> Rejected)
{
    /// <summary>ACS Email accepts at most 50 recipients per message; one email goes to all contacts.</summary>
    public const int MaxRecipients = 50;

    /// <summary>No contacts.</summary>
    public static EmergencyContacts None { get; } = new([], []);

    /// <summary>The list in its stored form: addresses joined with "; ".</summary>
    public string ToStoredForm() => string.Join("; ", Addresses);

    /// <summary>
    /// Parses the semicolon-separated list stored per agent: entries are trimmed, empty entries
    /// ignored, duplicates removed case-insensitively, invalid addresses rejected with a reason,
    /// and entries beyond <see cref="MaxRecipients"/> rejected.
    /// </summary>
    public static EmergencyContacts Parse(string? list)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return None;
        }

        var accepted = new List<string>();
        var rejected = new List<RejectedContact>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in list.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (EmailAddressRules.Problem(entry) is { } problem)
            {
                rejected.Add(new(entry, problem));
            }
            else if (!seen.Add(entry))
            {
                continue;
            }
            else if (accepted.Count >= MaxRecipients)
            {
                rejected.Add(new(entry, $"More than {MaxRecipients} contacts; one email can have at most {MaxRecipients} recipients."));
            }
            else
            {
                accepted.Add(entry);
            }
        }

        return new(accepted, rejected);
    }
}

/// <summary>A deliberately small address check: what a mail system would certainly refuse.</summary>
public static class EmailAddressRules
{
    /// <summary>Returns why <paramref name="address"/> is not a usable address, or null when it is.</summary>
    public static string? Problem(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length > 254)
        {
            return "Longer than 254 characters.";
        }

        if (address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or '"' or '(' or ')' or '[' or ']' or '\\'))
        {
            return "Contains spaces or characters not allowed in an address.";
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != address.LastIndexOf('@'))
        {
            return "Needs exactly one '@'.";
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Length is 0 or > 64)
        {
            return "The part before '@' must be 1 to 64 characters.";
        }

        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "The part before '@' has a misplaced dot.";
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0 || l.StartsWith('-') || l.EndsWith('-')))
        {
            return "The domain must be like 'contoso.com'.";
        }

        return labels.All(l => l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) && labels[^1].Length >= 2
            ? null
            : "The domain has characters a mail domain cannot have.";
    }
}
