using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Domain.Tests.Privacy;

public class MaskTextTests
{
    [Theory]
    [InlineData("Cannot route call to +14255550123.", "Cannot route call to +*********23.")]
    [InlineData("Callback 4:+14255550123 is not leased", "Callback 4:+*********23 is not leased")]
    [InlineData("Dialled +1 (425) 555-0123 from home", "Dialled +**************23 from home")]
    [InlineData("number 425-555-0123, retry", "number **********23, retry")]
    [InlineData("number 425.555.0123", "number **********23")]
    [InlineData("ring (425) 555 0123 now", "ring ************23 now")]
    [InlineData("Danish number 12 34 56 78", "Danish number *********78")]
    [InlineData("UK +44 20 7946 0958", "UK +*************58")]
    public void Phone_numbers_in_free_text_keep_only_their_last_two_digits(string text, string masked) =>
        Mask.Text(text).ShouldBe(masked);

    [Theory]
    [InlineData("Mailbox jane.doe@contoso.com is full", "Mailbox j***@contoso.com is full")]
    [InlineData("Recipients: a.b+family@fabrikam.co.uk; jos\u00e9@b\u00fccher.de.", "Recipients: a***@fabrikam.co.uk; j***@b\u00fccher.de.")]
    [InlineData("Bad recipient \"jane doe\"@contoso.com", "Bad recipient \"***@contoso.com")]
    public void Email_addresses_in_free_text_keep_their_first_character_and_domain(string text, string masked) =>
        Mask.Text(text).ShouldBe(masked);

    [Theory]
    [InlineData("Emergency number 911 dialled, retry 3 of 5 after 120 s")]
    [InlineData("Instance emergency-6e9c1e0a-1111-2222-3333-444455556666 failed")]
    [InlineData("Guid 12345678-abcd-4ef0-9abc-1234567890ab is unknown")]
    [InlineData("Id call_12345678 and user 8:acs:resource_00000012-3456")]
    [InlineData("At 2026-11-21 19:00:00 and 2026-11-21T19:00:00.1234567Z")]
    public void Short_numbers_identifiers_and_dates_stay_readable(string text) => Mask.Text(text).ShouldBe(text);

    [Fact]
    public void An_exception_with_an_address_and_a_number_is_rendered_masked_with_its_type_and_inner_exception()
    {
        var thrown = Throw(() => throw new InvalidOperationException(
            "Could not notify jane.doe@contoso.com for the call from +14255550123",
            new HttpRequestException("Recipient jane.doe@contoso.com refused; callback 425-555-0123")));

        var logged = Mask.Exception(thrown);

        logged.ShouldStartWith("System.InvalidOperationException: Could not notify j***@contoso.com for the call from +*********23");
        logged.ShouldContain("---> System.Net.Http.HttpRequestException: Recipient j***@contoso.com refused; callback **********23");
        logged.ShouldNotContain("jane.doe");
        logged.ShouldNotContain("5550123");
        logged.ShouldNotContain("555-0123");
    }

    [Fact]
    public void The_masked_exception_keeps_the_stack_trace_so_the_failure_can_still_be_found()
    {
        var thrown = Throw(() => throw new InvalidOperationException("Presence of +14255550123 failed"));

        Mask.Exception(thrown).ShouldContain(nameof(The_masked_exception_keeps_the_stack_trace_so_the_failure_can_still_be_found));
    }

    [Fact]
    public void Every_inner_exception_of_an_aggregate_is_masked()
    {
        var aggregate = new AggregateException(new InvalidOperationException("first +14255550123"), new ArgumentException("second bob@fabrikam.com"));

        var logged = Mask.Exception(aggregate);

        logged.ShouldContain("---> System.InvalidOperationException: first +*********23");
        logged.ShouldContain("---> System.ArgumentException: second b***@fabrikam.com");
        logged.ShouldNotContain("bob@");
    }

    private static Exception Throw(Action action)
    {
        try
        {
            action();
        }
        catch (Exception caught)
        {
            return caught;
        }

        throw new InvalidOperationException("The action did not throw.");
    }
}
