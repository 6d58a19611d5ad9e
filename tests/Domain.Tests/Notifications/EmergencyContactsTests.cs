using EmergencyFlow.Domain.Notifications;

namespace EmergencyFlow.Domain.Tests.Notifications;

public class EmergencyContactsTests
{
    [Fact]
    public void Entries_are_trimmed_empty_entries_ignored_and_duplicates_removed_case_insensitively()
    {
        var contacts = EmergencyContacts.Parse(" jane@contoso.com ;; JANE@contoso.com; bob@fabrikam.co.uk ; ");

        contacts.Addresses.ShouldBe(["jane@contoso.com", "bob@fabrikam.co.uk"]);
        contacts.Rejected.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("jane.contoso.com", "exactly one '@'")]
    [InlineData("jane@contoso", "like 'contoso.com'")]
    [InlineData("jane doe@contoso.com", "spaces")]
    [InlineData("@contoso.com", "before '@'")]
    [InlineData("jane..doe@contoso.com", "misplaced dot")]
    [InlineData("jane@contoso.c", "cannot have")]
    public void Invalid_addresses_are_rejected_with_the_reason(string entry, string reason)
    {
        var contacts = EmergencyContacts.Parse($"ok@contoso.com; {entry}");

        contacts.Addresses.ShouldBe(["ok@contoso.com"]);
        contacts.Rejected.Single().Entry.ShouldBe(entry);
        contacts.Rejected.Single().Reason.ShouldContain(reason);
    }

    [Fact]
    public void At_most_fifty_contacts_are_accepted_and_the_rest_are_rejected_with_the_reason()
    {
        var list = string.Join(";", Enumerable.Range(1, 53).Select(i => $"contact{i}@contoso.com"));

        var contacts = EmergencyContacts.Parse(list);

        contacts.Addresses.Count.ShouldBe(50);
        contacts.Rejected.Count.ShouldBe(3);
        contacts.Rejected[0].Reason.ShouldContain("50");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ; ;")]
    public void No_contacts_is_an_empty_list(string? list) =>
        EmergencyContacts.Parse(list).Addresses.ShouldBeEmpty();

    [Theory]
    [InlineData("jos\u00e9@contoso.com", "non-ASCII")]
    [InlineData("\u674e\u96f7@contoso.com", "non-ASCII")]
    [InlineData("\"jane doe\"@contoso.com", "Quoted addresses")]
    [InlineData("\"jane\"@contoso.com", "Quoted addresses")]
    [InlineData("jane(work)@contoso.com", "not allowed")]
    [InlineData("jane:doe@contoso.com", "not allowed")]
    [InlineData("jane\\doe@contoso.com", "not allowed")]
    [InlineData("jane@[10.0.0.1]", "cannot have")]
    [InlineData("jane@-bad-.com", "like 'contoso.com'")]
    public void Addresses_the_mail_service_cannot_send_to_are_refused_at_save_with_the_reason(string entry, string reason)
    {
        var contacts = EmergencyContacts.Parse($"ok@contoso.com; {entry}");

        contacts.Addresses.ShouldBe(["ok@contoso.com"]);
        contacts.Rejected.ShouldHaveSingleItem().Entry.ShouldBe(entry);
        contacts.Rejected.Single().Reason.ShouldContain(reason);
    }

    [Fact]
    public void The_reason_for_a_refused_entry_never_repeats_the_address() =>
        EmergencyContacts.Parse("jos\u00e9.private@contoso.com").Rejected.Single().Reason.ShouldNotContain("private");

    [Theory]
    [InlineData("o'brien@contoso.com")]
    [InlineData("jane+family@contoso.com")]
    [InlineData("first.last@mail.contoso.co.uk")]
    [InlineData("a!#$%&*/=?^_`{|}~-z@contoso.com")]
    public void Plain_ASCII_addresses_with_the_usual_symbols_are_accepted_as_written(string entry) =>
        EmergencyContacts.Parse(entry).Addresses.ShouldBe([entry]);

    [Fact]
    public void An_internationalised_domain_is_stored_and_sent_in_its_ASCII_form()
    {
        var contacts = EmergencyContacts.Parse("jane@b\u00fccher.de");

        contacts.Addresses.ShouldBe(["jane@xn--bcher-kva.de"]);
        contacts.ToStoredForm().ShouldBe("jane@xn--bcher-kva.de");
    }

    [Fact]
    public void The_same_contact_written_with_the_Unicode_and_the_ASCII_domain_is_kept_once() =>
        EmergencyContacts.Parse("jane@b\u00fccher.de; JANE@xn--bcher-kva.de").Addresses.ShouldBe(["jane@xn--bcher-kva.de"]);

    [Fact]
    public void A_domain_that_is_not_a_valid_internationalised_name_is_refused() =>
        EmergencyContacts.Parse("jane@contoso\ud800.com").Rejected.Single().Reason.ShouldContain("internationalised domain");

    [Fact]
    public void The_fifty_recipient_limit_counts_addresses_after_conversion_and_de_duplication()
    {
        var list = "jane@b\u00fccher.de; jane@xn--bcher-kva.de; " + string.Join(";", Enumerable.Range(1, 49).Select(i => $"c{i}@contoso.com"));

        var contacts = EmergencyContacts.Parse(list);

        contacts.Addresses.Count.ShouldBe(50);
        contacts.Rejected.ShouldBeEmpty();
    }

    [Fact]
    public void An_internationalised_domain_written_in_capitals_reaches_the_same_domain_as_in_lower_case() =>
        EmergencyContacts.Parse("jane@B\u00dcCHER.de").Addresses.ShouldBe(["jane@xn--bcher-kva.de"]);

    [Theory]
    [InlineData("jane@b\u00fc\u200dcher.de", "invisible or full-width")]
    [InlineData("jane@\uff42\u00fc\uff43\uff48\uff45\uff52.de", "invisible or full-width")]
    [InlineData("jane@bu\u0308cher.de", "separate accent mark")]
    public void A_domain_that_would_be_converted_to_a_different_domain_is_refused_rather_than_emailed(string entry, string reason) =>
        EmergencyContacts.Parse(entry).Rejected.ShouldHaveSingleItem().Reason.ShouldContain(reason);
}
