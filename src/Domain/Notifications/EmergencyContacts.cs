using System.Globalization;

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
    /// ignored, addresses the mail path cannot deliver to rejected with a reason (see
    /// <see cref="EmailAddressRules"/>), internationalised domains converted to their ASCII form,
    /// duplicates removed case-insensitively, and entries beyond <see cref="MaxRecipients"/> rejected.
    /// </summary>
    /// <remarks>
    /// The same parse runs when contacts are saved (a rejected entry refuses the save) and when the email
    /// is sent, so an entry stored under older, looser rules is skipped and reported there instead of
    /// failing the email to everyone else.
    /// </remarks>
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
            var check = EmailAddressRules.Check(entry);
            if (check.Address is not { } address)
            {
                rejected.Add(new(entry, check.Problem!));
            }
            else if (!seen.Add(address))
            {
                continue;
            }
            else if (accepted.Count >= MaxRecipients)
            {
                rejected.Add(new(entry, $"More than {MaxRecipients} contacts; one email can have at most {MaxRecipients} recipients."));
            }
            else
            {
                accepted.Add(address);
            }
        }

        return new(accepted, rejected);
    }
}

/// <summary>The result of checking one address: the form to store and send, or why it cannot be used.</summary>
/// <param name="Address">The address to store and send (IDN domains in their ASCII "xn--" form), or null when refused.</param>
/// <param name="Problem">Why the address was refused, or null when it is usable. Never quotes the address.</param>
public sealed record AddressCheck(string? Address, string? Problem);

/// <summary>
/// What the mail path can certainly deliver to, checked when contacts are saved and again when they are sent.
/// </summary>
/// <remarks>
/// <para>
/// The part before '@' must be an ASCII dot-atom (RFC 5322: letters, digits and
/// <c>! # $ % &amp; ' * + - / = ? ^ _ ` { | } ~</c>, separated by single dots). Quoted local parts and
/// non-ASCII local parts (SMTPUTF8) are refused: the email service cannot send to them, and an address that
/// is accepted at save but fails at send would silently drop a family member from the emergency email.
/// </para>
/// <para>
/// The domain may be an internationalised domain name (<c>bücher.de</c>): it is accepted only when
/// <see cref="IdnMapping"/> converts it, and the converted ASCII form (<c>xn--bcher-kva.de</c>) is what is
/// stored and sent, because that is what every mail system routes. A domain that does not convert is refused,
/// and so is one that only Unicode normalisation could convert correctly (invisible or full-width characters,
/// a letter followed by a separate accent mark), which invariant globalization cannot do.
/// </para>
/// </remarks>
public static class EmailAddressRules
{
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>Returns why <paramref name="address"/> is not a usable address, or null when it is.</summary>
    public static string? Problem(string address) => Check(address).Problem;

    /// <summary>Checks one address and returns the form to store and send (see the type's remarks), or the reason it is refused.</summary>
    public static AddressCheck Check(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length > 254)
        {
            return Refused("Longer than 254 characters.");
        }

        if (address.Contains('"', StringComparison.Ordinal))
        {
            return Refused("Quoted addresses (\"…\"@domain) are not supported: the email service cannot send to them.");
        }

        if (address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return Refused("Contains spaces or control characters.");
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != address.LastIndexOf('@'))
        {
            return Refused("Needs exactly one '@'.");
        }

        var local = address[..at];
        if (LocalPartProblem(local) is { } localProblem)
        {
            return Refused(localProblem);
        }

        var (domain, domainProblem) = AsciiDomain(address[(at + 1)..]);
        if (domainProblem is not null)
        {
            return Refused(domainProblem);
        }

        var result = local + "@" + domain;
        return result.Length > 254 ? Refused("Longer than 254 characters once the domain is converted to its ASCII form.") : new(result, null);
    }

    private static AddressCheck Refused(string problem) => new(null, problem);

    private static string? LocalPartProblem(string local)
    {
        if (local.Length is 0 or > 64)
        {
            return "The part before '@' must be 1 to 64 characters.";
        }

        if (!local.All(char.IsAscii))
        {
            return "The part before '@' has non-ASCII characters (such as accented letters): the email service can only send to ASCII addresses.";
        }

        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "The part before '@' has a misplaced dot.";
        }

        return local.All(c => char.IsAsciiLetterOrDigit(c) || c == '.' || AtomSpecials.Contains(c, StringComparison.Ordinal))
            ? null
            : "The part before '@' has characters not allowed in an address (such as < > ( ) [ ] , ; : \\).";
    }

    private static (string? Domain, string? Problem) AsciiDomain(string domain)
    {
        var ascii = domain;
        if (!domain.All(char.IsAscii))
        {
            // With invariant globalization (as the hosts run), IdnMapping converts without the UTS 46 mapping:
            // it neither folds case nor normalises, so "BÜCHER.de" would become another domain than "bücher.de".
            // Case is folded here; what only normalisation could fix is refused rather than sent to a wrong domain.
            var lower = domain.ToLowerInvariant();
            if (lower.Any(c => char.GetUnicodeCategory(c) == UnicodeCategory.Format || c is >= '\uFF00' and <= '\uFFEF'))
            {
                return (null, "The domain has invisible or full-width characters: write it as it is normally typed.");
            }

            if (lower.Zip(lower.Skip(1)).Any(p => char.IsAsciiLetter(p.First) && char.GetUnicodeCategory(p.Second) == UnicodeCategory.NonSpacingMark))
            {
                return (null, "The domain has a letter followed by a separate accent mark: write it with the accented letter itself.");
            }

            try
            {
                ascii = new IdnMapping().GetAscii(lower);
            }
            catch (ArgumentException)
            {
                return (null, "The domain has characters a mail domain cannot have: it is not a valid internationalised domain name.");
            }
        }

        if (ascii.Length > 253)
        {
            return (null, "The domain is longer than 253 characters.");
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0 || l.StartsWith('-') || l.EndsWith('-')))
        {
            return (null, "The domain must be like 'contoso.com'.");
        }

        if (labels.Any(l => l.Length > 63))
        {
            return (null, "The domain has a part longer than 63 characters.");
        }

        return labels.All(l => l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) && labels[^1].Length >= 2 && !labels[^1].All(char.IsAsciiDigit)
            ? (ascii, null)
            : (null, "The domain has characters a mail domain cannot have.");
    }
}
