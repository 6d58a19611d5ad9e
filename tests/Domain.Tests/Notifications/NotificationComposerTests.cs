using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Domain.Tests.Notifications;

public class NotificationComposerTests
{
    private static readonly NotificationRequest Request = new(
        "emergency-call-1.SendNotification", "emergency-call-1", "agent-1", "911", "United States",
        "+14255550123", new DateTimeOffset(2026, 11, 21, 19, 0, 0, TimeSpan.Zero), null, false);

    private static AgentProfile AgentWith(string storedContacts) => new("agent-1", "Ana Lima", "8:acs:agent-1", storedContacts);

    [Fact]
    public void A_contact_stored_under_older_rules_is_skipped_and_the_others_still_get_the_email()
    {
        var (message, notSent) = NotificationComposer.Compose(Request, AgentWith("mum@contoso.com; jos\u00e9@contoso.com; dad@fabrikam.com"), NotificationTemplate.Default);

        notSent.ShouldBeNull();
        message!.Recipients.ShouldBe(["mum@contoso.com", "dad@fabrikam.com"]);
        message.RejectedContacts.ShouldHaveSingleItem().Entry.ShouldBe("jos\u00e9@contoso.com");
    }

    [Fact]
    public void The_outcome_reports_the_skipped_contacts_and_why_without_their_addresses()
    {
        var (message, _) = NotificationComposer.Compose(Request, AgentWith("mum@contoso.com; \"jos\u00e9 private\"@contoso.com"), NotificationTemplate.Default);

        var outcome = NotificationComposer.Sent(message!, "msg-1");

        outcome.Status.ShouldBe(NotificationStatus.Sent);
        outcome.Recipients.ShouldBe(1);
        outcome.RejectedContacts.ShouldBe(1);
        outcome.Detail.ShouldContain("1 stored contact(s) skipped");
        outcome.Detail.ShouldContain("Quoted addresses");
        outcome.Detail.ShouldNotContain("private");
    }

    [Fact]
    public void An_internationalised_domain_stored_earlier_is_sent_in_its_ASCII_form()
    {
        var (message, _) = NotificationComposer.Compose(Request, AgentWith("oma@b\u00fccher.de"), NotificationTemplate.Default);

        message!.Recipients.ShouldBe(["oma@xn--bcher-kva.de"]);
    }

    [Fact]
    public void When_no_stored_contact_can_be_emailed_nothing_is_sent_and_the_outcome_says_why()
    {
        var (message, notSent) = NotificationComposer.Compose(Request, AgentWith("jos\u00e9@contoso.com"), NotificationTemplate.Default);

        message.ShouldBeNull();
        notSent!.Status.ShouldBe(NotificationStatus.NoContacts);
        notSent.RejectedContacts.ShouldBe(1);
        notSent.Detail.ShouldContain("non-ASCII");
    }

    [Fact]
    public void The_email_gives_the_call_time_in_the_agents_country_as_well_as_in_UTC()
    {
        var (message, _) = NotificationComposer.Compose(Request with { CountryIso = "US" }, AgentWith("mum@contoso.com"), NotificationTemplate.Default);

        message!.Content.PlainText.ShouldContain("at 2026-11-21 19:00 UTC.");
        message.Content.PlainText.ShouldContain("Local time: 2026-11-21 14:00 Eastern Time (America/New_York)");
    }
}
