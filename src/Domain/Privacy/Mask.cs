using System.Text;
using System.Text.RegularExpressions;

namespace EmergencyFlow.Domain.Privacy;

/// <summary>
/// The one place that decides how personal data looks in logs, statuses and operator views.
/// Phone numbers keep their last two digits (enough to tell two calls apart on a screen),
/// email addresses keep their first character and domain.
/// </summary>
public static partial class Mask
{
    private const int MaxInnerExceptions = 16;

    /// <summary>Masks a phone number: <c>+14255550123</c> becomes <c>+*********23</c>.</summary>
    public static string Phone(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return "(none)";
        }

        var trimmed = number.Trim();
        // Emergency service numbers are public and short; masking them would only hide what an operator needs.
        if (trimmed.Length <= 3)
        {
            return trimmed;
        }

        var keep = Math.Min(2, trimmed.Length);
        var prefix = trimmed[0] == '+' ? "+" : string.Empty;
        var hidden = trimmed.Length - keep - prefix.Length;
        return prefix + new string('*', Math.Max(hidden, 0)) + trimmed[^keep..];
    }

    /// <summary>Masks an email address: <c>jane.doe@contoso.com</c> becomes <c>j***@contoso.com</c>.</summary>
    public static string Email(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "(none)";
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : address[0] + "***" + address[at..];
    }

    /// <summary>Masks an ACS raw id such as <c>4:+14255550123</c> or <c>8:acs:resource_user</c>.</summary>
    public static string RawId(string? rawId)
    {
        if (string.IsNullOrWhiteSpace(rawId))
        {
            return "(none)";
        }

        if (rawId.StartsWith("4:", StringComparison.Ordinal))
        {
            return "4:" + Phone(rawId[2..]);
        }

        // Communication user ids are opaque, not personal; keep the kind and a short tail.
        return rawId.Length <= 12 ? rawId : rawId[..6] + "…" + rawId[^6..];
    }

    /// <summary>
    /// Masks every email address and every phone-number-like run inside free text (an exception message,
    /// an error body from a service) with <see cref="Email"/> and <see cref="Phone"/>. A phone-number-like
    /// run is 7 or more digits, optionally after '+', written together or with single spaces, dashes, dots
    /// or parentheses between them (<c>+14255550123</c>, <c>+1 (425) 555-0123</c>, <c>12 34 56 78</c>).
    /// Digits inside words and identifiers (GUIDs, ids like <c>call_12345678</c>) and ISO dates are left alone.
    /// </summary>
    /// <remarks>It errs on the side of masking: any other long run of digits (a large count) is masked too.</remarks>
    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var withoutEmails = EmailInText().Replace(text, m => Email(m.Value));
        return PhoneInText().Replace(withoutEmails, m => m.Value.Count(char.IsAsciiDigit) >= 7 ? Phone(m.Value) : m.Value);
    }

    /// <summary>
    /// A value as a log line may show it: personal data masked (<see cref="Text"/>), and every control character
    /// (a line break that would forge a log line, an escape sequence for a terminal) and every bidirectional override
    /// written visibly as <c>\uXXXX</c>, so what a request sent can never make a log line say something else.
    /// </summary>
    public static string ForLog(string? text)
    {
        var masked = Text(text);
        if (!masked.Any(NeedsEscape))
        {
            return masked;
        }

        var escaped = new StringBuilder(masked.Length + 16);
        foreach (var c in masked)
        {
            _ = NeedsEscape(c) ? escaped.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)) : escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>
    /// Renders an exception for a log line with no personal data: for it and each inner exception, its type,
    /// its message masked with <see cref="Text"/>, and its stack trace (method names and lines only, so kept
    /// as they are). Use it instead of passing the exception itself to a logger, which would write the raw messages.
    /// </summary>
    public static string Exception(System.Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = new StringBuilder();
        Append(text, exception, depth: 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, System.Exception exception, int depth)
    {
        var indent = new string(' ', depth * 2);
        if (depth > 0)
        {
            text.AppendLine().Append(indent).Append("---> ");
        }

        text.Append(exception.GetType().FullName).Append(": ").Append(Text(exception.Message));
        if (exception.StackTrace is { } stack)
        {
            foreach (var line in stack.Split('\n'))
            {
                text.AppendLine().Append(indent).Append(line.TrimEnd('\r'));
            }
        }

        if (depth >= MaxInnerExceptions)
        {
            return;
        }

        IEnumerable<System.Exception> inner = exception switch
        {
            AggregateException aggregate => aggregate.InnerExceptions,
            { InnerException: { } one } => [one],
            _ => [],
        };
        foreach (var child in inner)
        {
            Append(text, child, depth + 1);
        }
    }

    // Unquoted (dot-atom, also non-ASCII) and quoted local parts; a domain of letters, digits and dashes with at least one dot.
    [GeneratedRegex("""(?:"[^"\r\n]{1,64}"|[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.\-]+)@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+""")]
    private static partial Regex EmailInText();

    // A run that starts with '+', '(' or a digit, not inside a word, an identifier or a number with a dot or dash before it,
    // and is not an ISO date; digits separated by at most two of space, dash, dot, parentheses; ends on a digit, not inside
    // a word or a dashed identifier (a GUID that starts with digits).
    [GeneratedRegex("""(?<![\w+@.\-])(?!\d{4}-\d{2}-\d{2}(?!\d))\+?\(?\d(?:[ \-.()]{0,2}\d)*(?![\w\-])""")]
    private static partial Regex PhoneInText();
}
