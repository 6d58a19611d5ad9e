using System.Globalization;

namespace EmergencyFlow.Domain.Notifications;

/// <summary>The time zone a notification states the call time in, for one country.</summary>
/// <param name="CountryIso">ISO 3166-1 alpha-2 code, as in the number plan.</param>
/// <param name="IanaId">The IANA time zone id (<c>America/New_York</c>), resolved from the system's tz database.</param>
/// <param name="Name">How a family member would name the zone (<c>Eastern Time</c>).</param>
/// <param name="IsMainZoneOfSeveral">
/// True when the country has several zones: the dialer does not send the agent's zone, so the email says
/// which zone was used and that it is the country's main one.
/// </param>
public sealed record CountryTimeZone(string CountryIso, string IanaId, string Name, bool IsMainZoneOfSeveral);

/// <summary>
/// The call time in the agent's local time, for the notification email, derived from the country alone
/// (the dialer's event has no time zone). Held as data like the number plan; pure: the time is passed in.
/// </summary>
/// <remarks>
/// Zones are found with <see cref="TimeZoneInfo.FindSystemTimeZoneById(string)"/> by IANA id, which works
/// with invariant globalization on Linux as long as the tz database (tzdata) is installed. Where it is
/// missing, or the country has no entry, there is no local time and the email gives the time in UTC only.
/// </remarks>
public sealed class CallTimeZones
{
    private readonly Dictionary<string, CountryTimeZone> _zones;

    /// <summary>Creates the table; ISO codes are matched case-insensitively.</summary>
    public CallTimeZones(IEnumerable<CountryTimeZone> zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        _zones = zones.ToDictionary(z => z.CountryIso.ToUpperInvariant(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The countries of the default number plan: US and CA (several zones: Eastern Time, where most of
    /// their people live, is used), PR (Atlantic Time), GB (UK time), DK (Danish time).
    /// </summary>
    public static CallTimeZones Default { get; } = new(
    [
        new("US", "America/New_York", "Eastern Time", IsMainZoneOfSeveral: true),
        new("PR", "America/Puerto_Rico", "Atlantic Time", IsMainZoneOfSeveral: false),
        new("CA", "America/Toronto", "Eastern Time", IsMainZoneOfSeveral: true),
        new("GB", "Europe/London", "UK time", IsMainZoneOfSeveral: false),
        new("DK", "Europe/Copenhagen", "Danish time", IsMainZoneOfSeveral: false),
    ]);

    /// <summary>
    /// The local time of <paramref name="at"/> in the country's zone, saying which zone it is
    /// (<c>2026-11-21 14:00 Eastern Time (America/New_York), the country's main time zone: the agent's exact
    /// time zone is not known</c>), or null when it cannot be given (unknown country, zone not on this machine).
    /// </summary>
    public string? Describe(string? countryIso, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(countryIso) || !_zones.TryGetValue(countryIso.Trim(), out var zone))
        {
            return null;
        }

        DateTimeOffset local;
        try
        {
            local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone.IanaId));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentOutOfRangeException)
        {
            // No tz database, or a time at the edge of the calendar: the UTC time in the email still stands.
            return null;
        }

        var text = local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" {zone.Name} ({zone.IanaId})";
        return zone.IsMainZoneOfSeveral ? text + ", the country's main time zone: the agent's exact time zone is not known" : text;
    }
}
