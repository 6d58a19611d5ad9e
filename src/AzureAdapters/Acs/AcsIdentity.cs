using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>What an ACS raw id identifies.</summary>
public enum AcsIdentityKind
{
    /// <summary>A raw id of no known shape.</summary>
    Unknown,

    /// <summary>An ACS user (<c>8:acs:…</c>, <c>8:spool:…</c>, <c>8:dod-acs:…</c>, <c>8:gcch-acs:…</c>).</summary>
    CommunicationUser,

    /// <summary>A phone number (<c>4:+14255550123</c>).</summary>
    PhoneNumber,

    /// <summary>A Microsoft Teams user (<c>8:orgid:…</c>, <c>8:dod:…</c>, <c>8:gcch:…</c>, anonymous <c>8:teamsvisitor:…</c>).</summary>
    MicrosoftTeamsUser,

    /// <summary>A Microsoft Teams application or bot (<c>28:…</c>).</summary>
    MicrosoftTeamsApp,
}

/// <summary>
/// An ACS identifier read from its raw id, with the rules of the ACS SDKs' <c>CommunicationIdentifier.FromRawId</c>
/// (written here because those SDKs are not available to this build).
/// </summary>
/// <param name="Kind">What the raw id identifies.</param>
/// <param name="RawId">The raw id as given.</param>
/// <param name="Id">The kind's own id: the raw id of an ACS user, a Teams user's Entra object id, the number, the app id.</param>
/// <param name="Cloud">The Microsoft cloud of a Teams user or app: <c>public</c>, <c>dod</c> or <c>gcch</c>.</param>
/// <param name="IsAnonymous">True for an anonymous Teams user (a Teams meeting visitor).</param>
public sealed record AcsIdentity(AcsIdentityKind Kind, string RawId, string Id, string Cloud, bool IsAnonymous)
{
    private const string Public = "public";

    /// <summary>Reads a raw id; an id of no known shape is <see cref="AcsIdentityKind.Unknown"/>, never an error.</summary>
    public static AcsIdentity FromRawId(string rawId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rawId);
        if (rawId.StartsWith("4:", StringComparison.Ordinal))
        {
            return new(AcsIdentityKind.PhoneNumber, rawId, rawId[2..], Public, false);
        }

        var segments = rawId.Split(':');
        if (segments.Length != 3)
        {
            // Legacy bot ids have no cloud segment: "28:{appId}".
            return segments.Length == 2 && segments[0] == "28"
                ? new(AcsIdentityKind.MicrosoftTeamsApp, rawId, segments[1], Public, false)
                : new(AcsIdentityKind.Unknown, rawId, rawId, Public, false);
        }

        var suffix = segments[2];
        return (segments[0] + ":" + segments[1] + ":") switch
        {
            "8:acs:" or "8:spool:" or "8:dod-acs:" or "8:gcch-acs:" => new(AcsIdentityKind.CommunicationUser, rawId, rawId, Public, false),
            "8:orgid:" => new(AcsIdentityKind.MicrosoftTeamsUser, rawId, suffix, Public, false),
            "8:dod:" => new(AcsIdentityKind.MicrosoftTeamsUser, rawId, suffix, "dod", false),
            "8:gcch:" => new(AcsIdentityKind.MicrosoftTeamsUser, rawId, suffix, "gcch", false),
            "8:teamsvisitor:" => new(AcsIdentityKind.MicrosoftTeamsUser, rawId, suffix, Public, true),
            "28:orgid:" => new(AcsIdentityKind.MicrosoftTeamsApp, rawId, suffix, Public, false),
            "28:dod:" => new(AcsIdentityKind.MicrosoftTeamsApp, rawId, suffix, "dod", false),
            "28:gcch:" => new(AcsIdentityKind.MicrosoftTeamsApp, rawId, suffix, "gcch", false),
            _ => new(AcsIdentityKind.Unknown, rawId, rawId, Public, false),
        };
    }

    /// <summary>The kind and a masked raw id: a record's default text would print a phone number in clear.</summary>
    public override string ToString() => $"{Kind} {Mask.RawId(RawId)}";
}
