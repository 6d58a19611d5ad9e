using EmergencyFlow.AzureAdapters.Acs;

namespace EmergencyFlow.AzureAdapters.Tests.Acs;

public class AcsIdentityTests
{
    [Theory]
    [InlineData("8:acs:resource_user", AcsIdentityKind.CommunicationUser, "8:acs:resource_user", "public", false)]
    [InlineData("8:spool:resource_user", AcsIdentityKind.CommunicationUser, "8:spool:resource_user", "public", false)]
    [InlineData("8:gcch-acs:resource_user", AcsIdentityKind.CommunicationUser, "8:gcch-acs:resource_user", "public", false)]
    [InlineData("8:orgid:entra-object-id", AcsIdentityKind.MicrosoftTeamsUser, "entra-object-id", "public", false)]
    [InlineData("8:dod:entra-object-id", AcsIdentityKind.MicrosoftTeamsUser, "entra-object-id", "dod", false)]
    [InlineData("8:gcch:entra-object-id", AcsIdentityKind.MicrosoftTeamsUser, "entra-object-id", "gcch", false)]
    [InlineData("8:teamsvisitor:visitor-id", AcsIdentityKind.MicrosoftTeamsUser, "visitor-id", "public", true)]
    [InlineData("4:+14255550123", AcsIdentityKind.PhoneNumber, "+14255550123", "public", false)]
    [InlineData("28:orgid:app-id", AcsIdentityKind.MicrosoftTeamsApp, "app-id", "public", false)]
    [InlineData("28:app-id", AcsIdentityKind.MicrosoftTeamsApp, "app-id", "public", false)]
    [InlineData("8:other:x", AcsIdentityKind.Unknown, "8:other:x", "public", false)]
    [InlineData("8:acs:a:b", AcsIdentityKind.Unknown, "8:acs:a:b", "public", false)]
    [InlineData("agent-042", AcsIdentityKind.Unknown, "agent-042", "public", false)]
    public void A_raw_id_is_read_with_the_ACS_SDK_rules(string rawId, AcsIdentityKind kind, string id, string cloud, bool anonymous) =>
        AcsIdentity.FromRawId(rawId).ShouldBe(new AcsIdentity(kind, rawId, id, cloud, anonymous));

    [Fact]
    public void An_identity_printed_in_a_log_never_shows_a_phone_number_in_clear() =>
        AcsIdentity.FromRawId("4:+14255550123").ToString().ShouldBe("PhoneNumber 4:+*********23");
}
