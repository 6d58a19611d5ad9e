namespace EmergencyFlow.Domain.Callbacks;

/// <summary>E.164 handling for pool numbers and ACS phone identifiers.</summary>
public static class PhoneNumber
{
    /// <summary>
    /// Normalises "+1 (425) 555-0123", "4:+14255550123" (an ACS raw id) or "tel:+1…" to "+14255550123".
    /// Returns null when the text is not an E.164 number (a '+' then 8 to 15 digits).
    /// </summary>
    public static string? ToE164(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        if (value.StartsWith("4:", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        else if (value.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[4..];
        }

        if (!value.StartsWith('+'))
        {
            return null;
        }

        if (value.Skip(1).Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-' or '(' or ')' or '.')))
        {
            return null;
        }

        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        return digits.Length is >= 8 and <= 15 ? "+" + digits : null;
    }
}
