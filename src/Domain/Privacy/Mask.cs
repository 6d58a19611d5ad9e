namespace EmergencyFlow.Domain.Privacy;

/// <summary>
/// The one place that decides how personal data looks in logs, statuses and operator views.
/// Phone numbers keep their last two digits (enough to tell two calls apart on a screen),
/// email addresses keep their first character and domain.
/// </summary>
public static class Mask
{
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
}
