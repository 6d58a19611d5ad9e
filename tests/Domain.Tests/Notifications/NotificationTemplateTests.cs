using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Domain.Tests.Notifications;

public class NotificationTemplateTests
{
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    private static NotificationFields Fields(string? callback = "+14255550123", string? location = "Building 4", bool test = false, string agent = "Ana Lima") =>
        new(agent, "911", "United States", callback, PlacedAt, location, test);

    [Fact]
    public void The_default_template_names_the_agent_the_number_the_country_the_callback_number_and_the_time()
    {
        var rendered = NotificationTemplate.Default.Render(Fields());

        rendered.Subject.ShouldBe("Emergency call by Ana Lima");
        rendered.PlainText.ShouldContain("Ana Lima called the emergency number 911 (United States) at 2026-11-21 19:00 UTC");
        rendered.PlainText.ShouldContain("call back on: +14255550123");
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
}
