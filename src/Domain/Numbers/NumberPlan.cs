namespace EmergencyFlow.Domain.Numbers;

/// <summary>One supported country: its ISO code, calling code, emergency numbers and test numbers.</summary>
/// <param name="IsoCode">ISO 3166-1 alpha-2 code, upper case.</param>
/// <param name="Name">Display name used in notifications.</param>
/// <param name="CallingCode">International calling code without '+', used to strip "+1911" style prefixes.</param>
/// <param name="EmergencyNumbers">Numbers that start an emergency lifecycle.</param>
/// <param name="TestNumbers">Numbers that start a lifecycle marked as a test (for example 933, the US address check).</param>
public sealed record CountryPlan(
    string IsoCode,
    string Name,
    string CallingCode,
    IReadOnlyList<string> EmergencyNumbers,
    IReadOnlyList<string> TestNumbers);

/// <summary>What a dialled number means for a country.</summary>
public enum CallKind
{
    /// <summary>Not an emergency: no lifecycle.</summary>
    NotEmergency,

    /// <summary>An emergency number of the country.</summary>
    Emergency,

    /// <summary>A test number of the country (lifecycle runs, marked as a test).</summary>
    TestCall,

    /// <summary>The country is not in the plan: reported, never silently ignored.</summary>
    UnsupportedCountry,
}

/// <summary>The explicit outcome of classifying a dialled number.</summary>
/// <param name="Kind">What the number is.</param>
/// <param name="Country">The matched country plan, when the country is supported.</param>
/// <param name="NormalisedNumber">The dialled number after normalisation (digits only, prefix stripped).</param>
/// <param name="Reason">A sentence an operator can read.</param>
public sealed record CallClassification(CallKind Kind, CountryPlan? Country, string NormalisedNumber, string Reason)
{
    /// <summary>True when the call starts a lifecycle (emergency or test).</summary>
    public bool StartsLifecycle => Kind is CallKind.Emergency or CallKind.TestCall;
}

/// <summary>
/// The emergency number plan, held as data. <see cref="Default"/> is the shipped plan; hosts may
/// build another from configuration with <see cref="NumberPlan(IEnumerable{CountryPlan})"/>.
/// </summary>
public sealed class NumberPlan
{
    private readonly Dictionary<string, CountryPlan> _countries;

    /// <summary>Creates a plan from country entries; ISO codes are matched case-insensitively.</summary>
    public NumberPlan(IEnumerable<CountryPlan> countries)
    {
        ArgumentNullException.ThrowIfNull(countries);
        _countries = countries.ToDictionary(c => c.IsoCode.ToUpperInvariant(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>US, PR, CA (911; 933 test in US and PR), GB (999, 112), DK (112).</summary>
    public static NumberPlan Default { get; } = new(
    [
        new("US", "United States", "1", ["911"], ["933"]),
        new("PR", "Puerto Rico", "1", ["911"], ["933"]),
        new("CA", "Canada", "1", ["911"], []),
        new("GB", "United Kingdom", "44", ["999", "112"], []),
        new("DK", "Denmark", "45", ["112"], []),
    ]);

    /// <summary>The supported countries.</summary>
    public IReadOnlyCollection<CountryPlan> Countries => _countries.Values;

    /// <summary>Classifies a dialled number for the country the agent is in.</summary>
    public CallClassification Classify(string? dialledNumber, string? countryIso)
    {
        var iso = (countryIso ?? string.Empty).Trim().ToUpperInvariant();
        if (!_countries.TryGetValue(iso, out var country))
        {
            var digits = DialledNumber.Normalise(dialledNumber, callingCode: null);
            return new(CallKind.UnsupportedCountry, null, digits,
                iso.Length == 0 ? "No country was given for the call." : $"Country '{iso}' is not in the emergency number plan.");
        }

        var number = DialledNumber.Normalise(dialledNumber, country.CallingCode);
        if (country.EmergencyNumbers.Contains(number, StringComparer.Ordinal))
        {
            return new(CallKind.Emergency, country, number, $"{number} is an emergency number in {country.IsoCode}.");
        }

        return country.TestNumbers.Contains(number, StringComparer.Ordinal)
            ? new(CallKind.TestCall, country, number, $"{number} is a test number in {country.IsoCode}.")
            : new(CallKind.NotEmergency, country, number, $"Not an emergency number in {country.IsoCode}.");
    }
}

/// <summary>Normalisation of dialled numbers before matching.</summary>
public static class DialledNumber
{
    /// <summary>
    /// Keeps digits only, drops a <c>tel:</c> scheme and, when the number was dialled in international
    /// form (<c>+</c> or <c>00</c>) with the country's calling code, strips that code: "+1 911", "+1-911"
    /// and "911" all become "911".
    /// </summary>
    public static string Normalise(string? dialled, string? callingCode)
    {
        if (string.IsNullOrWhiteSpace(dialled))
        {
            return string.Empty;
        }

        var text = dialled.Trim();
        if (text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        var international = text.StartsWith('+');
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (!international && digits.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            digits = digits[2..];
        }

        if (international && !string.IsNullOrEmpty(callingCode) && digits.StartsWith(callingCode, StringComparison.Ordinal))
        {
            digits = digits[callingCode.Length..];
        }

        return digits;
    }
}
