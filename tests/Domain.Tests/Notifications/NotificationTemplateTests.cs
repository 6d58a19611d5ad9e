using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Numbers;

namespace EmergencyFlow.Domain.Tests.Notifications;

public class NotificationTemplateTests
{
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    private static NotificationFields Fields(
        string? callback = "+14255550123", string? location = "Building 4", bool test = false, string agent = "Ana Lima", string? countryIso = null) =>
        new(agent, "911", "United States", callback, PlacedAt, location, test, countryIso);

    [Fact]
    public void The_default_template_names_the_agent_the_number_the_country_the_callback_number_and_the_time()
    {
        var rendered = NotificationTemplate.Default.Render(Fields());

        rendered.Subject.ShouldBe("Emergency call by Ana Lima");
        rendered.PlainText.ShouldContain("Ana Lima called the emergency number 911 (United States) at 2026-11-21 19:00 UTC");
        rendered.PlainText.ShouldContain("Callback number for emergency services: +14255550123.");
        rendered.PlainText.ShouldContain("Reported location: Building 4");
        rendered.Html.ShouldContain("<strong>+14255550123</strong>");
    }

    [Fact]
    public void Without_a_callback_number_the_email_says_none_was_available() =>
        NotificationTemplate.Default.Render(Fields(callback: null)).PlainText.ShouldContain("no dedicated callback number was available");

    [Fact]
    public void The_location_line_is_left_out_when_no_location_was_given()
    {
        var rendered = NotificationTemplate.Default.Render(Fields(location: null));

        rendered.PlainText.ShouldNotContain("Reported location");
        rendered.Html.ShouldNotContain("Reported location");
    }

    [Fact]
    public void Values_are_HTML_escaped_in_the_HTML_body_only()
    {
        var rendered = NotificationTemplate.Default.Render(Fields(agent: "<script>alert(1)</script> & Co"));

        rendered.Html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
        rendered.Html.ShouldNotContain("<script>");
        rendered.PlainText.ShouldContain("<script>alert(1)</script> & Co");
    }

    [Fact]
    public void A_test_call_is_marked_as_a_test() =>
        NotificationTemplate.Default.Render(Fields(test: true)).Subject.ShouldStartWith("[TEST CALL]");

    [Fact]
    public void The_default_template_is_valid() => NotificationTemplate.Default.Validate().ShouldBeEmpty();

    [Fact]
    public void A_template_with_an_unknown_placeholder_is_rejected_when_saved()
    {
        var template = NotificationTemplate.Default with { PlainText = "Hello {{AgentNmae}}" };

        var problems = template.Validate();

        problems.ShouldHaveSingleItem().ShouldContain("unknown placeholder '{{AgentNmae}}'");
    }

    [Theory]
    [InlineData("{{#Location}}at {{Location}}", "never closed")]
    [InlineData("{{/Location}}", "not open")]
    [InlineData("{{ AgentName }}", "malformed placeholder")]
    [InlineData("", "must not be empty")]
    public void Malformed_templates_are_rejected_with_the_reason(string plainText, string reason) =>
        (NotificationTemplate.Default with { PlainText = plainText }).Validate().ShouldContain(p => p.Contains(reason));

    [Fact]
    public void A_multi_line_subject_is_rejected() =>
        (NotificationTemplate.Default with { Subject = "Emergency\nBcc: x@y.com" }).Validate().ShouldContain(p => p.Contains("single line"));

    [Fact]
    public void The_email_tells_family_members_the_callback_number_is_for_emergency_services_and_not_for_them()
    {
        var rendered = NotificationTemplate.Default.Render(Fields());

        rendered.PlainText.ShouldContain("This temporary number rings Ana Lima directly");
        rendered.PlainText.ShouldContain("so that emergency services can call back");
        rendered.PlainText.ShouldContain("It is for emergency services only: please do not call it or pass it on");
        rendered.Html.ShouldContain("It is for emergency services only: please do not call it or pass it on");
    }

    [Fact]
    public void Without_a_callback_number_the_email_does_not_describe_one()
    {
        var rendered = NotificationTemplate.Default.Render(Fields(callback: null));

        rendered.PlainText.ShouldContain("Callback number for emergency services: no dedicated callback number was available.");
        rendered.PlainText.ShouldNotContain("temporary number");
        rendered.Html.ShouldNotContain("temporary number");
    }

    [Fact]
    public void A_US_call_also_gives_the_local_time_and_says_which_zone_was_assumed()
    {
        var rendered = NotificationTemplate.Default.Render(Fields(countryIso: "US"));

        rendered.PlainText.ShouldContain("at 2026-11-21 19:00 UTC.");
        rendered.PlainText.ShouldContain(
            "Local time: 2026-11-21 14:00 Eastern Time (America/New_York), the country's main time zone: the agent's exact time zone is not known.");
        rendered.Html.ShouldContain("<p>Local time: 2026-11-21 14:00 Eastern Time (America/New_York)");
    }

    [Fact]
    public void A_UK_call_gives_the_local_time_without_a_caveat_because_the_country_has_one_zone()
    {
        var rendered = NotificationTemplate.Default.Render(Fields(countryIso: "GB"));

        rendered.PlainText.ShouldContain("Local time: 2026-11-21 19:00 UK time (Europe/London).");
        rendered.PlainText.ShouldNotContain("main time zone");
    }

    [Theory]
    [InlineData("DK", 2026, 7, 1, "2026-07-01 14:00 Danish time (Europe/Copenhagen)")]
    [InlineData("DK", 2026, 1, 15, "2026-01-15 13:00 Danish time (Europe/Copenhagen)")]
    [InlineData("PR", 2026, 7, 1, "2026-07-01 08:00 Atlantic Time (America/Puerto_Rico)")]
    [InlineData("CA", 2026, 7, 1, "2026-07-01 08:00 Eastern Time (America/Toronto), the country's main time zone")]
    [InlineData("us", 2026, 7, 1, "2026-07-01 08:00 Eastern Time (America/New_York), the country's main time zone")]
    public void The_local_time_follows_daylight_saving_time(string countryIso, int year, int month, int day, string expected) =>
        CallTimeZones.Default.Describe(countryIso, new DateTimeOffset(year, month, day, 12, 0, 0, TimeSpan.Zero)).ShouldStartWith(expected);

    [Fact]
    public void Every_country_of_the_number_plan_gets_a_local_time() =>
        NumberPlan.Default.Countries.ShouldAllBe(c => CallTimeZones.Default.Describe(c.IsoCode, PlacedAt) != null);

    [Theory]
    [InlineData(null)]
    [InlineData("FR")]
    public void Without_a_known_country_the_email_gives_the_time_in_UTC_only(string? countryIso)
    {
        var rendered = NotificationTemplate.Default.Render(Fields(countryIso: countryIso));

        rendered.PlainText.ShouldContain("at 2026-11-21 19:00 UTC.");
        rendered.PlainText.ShouldNotContain("Local time");
        rendered.Html.ShouldNotContain("Local time");
    }

    [Fact]
    public void Where_the_time_zone_database_lacks_the_zone_there_is_no_local_time_rather_than_a_failure()
    {
        var zones = new CallTimeZones([new CountryTimeZone("US", "Nowhere/Not_A_Zone", "Eastern Time", true)]);

        zones.Describe("US", PlacedAt).ShouldBeNull();
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01 00:00 UTC")]
    [InlineData("9999-12-31T23:59:59Z", "9999-12-31 23:59 UTC")]
    public void A_call_time_at_the_edge_of_the_calendar_still_renders_the_email(string placedAt, string utc)
    {
        var fields = Fields(countryIso: "US") with { CallStartedAt = DateTimeOffset.Parse(placedAt, System.Globalization.CultureInfo.InvariantCulture) };

        NotificationTemplate.Default.Render(fields).PlainText.ShouldContain($"at {utc}.");
    }

    [Fact]
    public void A_template_may_use_the_local_time_and_the_leased_callback_number() =>
        (NotificationTemplate.Default with { Subject = "Call at {{CallStartedAtLocal}}{{#LeasedCallbackNumber}}, callback {{LeasedCallbackNumber}}{{/LeasedCallbackNumber}}" })
            .Validate().ShouldBeEmpty();
}
