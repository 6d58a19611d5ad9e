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
}
