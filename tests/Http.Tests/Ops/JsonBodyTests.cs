using System.Text;
using Microsoft.AspNetCore.Http;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Http.Ops;

namespace EmergencyFlow.Http.Tests.Ops;

/// <summary>Every way a body can be wrong is a 4xx that says what is wrong, and nothing is saved.</summary>
public sealed class JsonBodyTests
{
    private readonly FakeOpsBackend _backend = new FakeOpsBackend().WithAgent("agent-042");

    private Task<OpsResponse> PutContactsAsync(HttpRequest request) =>
        OpsHttp.RunAsync(new OpsCalls(_backend).PutContactsAsync("agent-042", request));

    [Fact]
    public async Task Malformed_json_is_a_400_that_says_where_it_breaks()
    {
        var response = await PutContactsAsync(OpsHttp.Json("""{"contacts": "a@contoso.com" """));

        response.Status.ShouldBe(400);
        response.Title.ShouldBe("The body is not valid JSON for this request.");
        response.Detail!.ShouldContain("LineNumber: 0");
        StoredContactsAreKept();
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_a_400_naming_the_field()
    {
        var response = await PutContactsAsync(OpsHttp.Json("""{"contacts": ["a@contoso.com"]}"""));

        response.Status.ShouldBe(400);
        response.Detail!.ShouldContain("$.contacts");
        StoredContactsAreKept();
    }

    [Fact]
    public async Task Invalid_utf8_bytes_are_a_400_not_a_500()
    {
        var body = Encoding.UTF8.GetBytes("""{"contacts": "a@contoso.com"}""");
        body[15] = 0xFF;

        var response = await PutContactsAsync(OpsHttp.Raw(body));

        response.Status.ShouldBe(400);
        response.Title.ShouldBe("The body is not valid JSON for this request.");
        StoredContactsAreKept();
    }

    [Fact]
    public async Task A_lone_utf16_surrogate_is_a_400_not_a_500()
    {
        var response = await PutContactsAsync(OpsHttp.Json("""{"contacts": "a\ud800@contoso.com"}"""));

        response.Status.ShouldBe(400);
        response.Title.ShouldBe("The body is not valid JSON for this request.");
        StoredContactsAreKept();
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        var response = await PutContactsAsync(OpsHttp.Json("contacts=a@contoso.com", "application/x-www-form-urlencoded"));

        response.Status.ShouldBe(415);
        response.IsProblem.ShouldBeTrue();
        StoredContactsAreKept();
    }

    [Fact]
    public async Task An_announced_body_over_the_limit_is_a_413_before_it_is_read()
    {
        var request = OpsHttp.Raw([]);
        request.ContentLength = JsonBody<ContactsDocument>.MaxBytes + 1L;

        var response = await PutContactsAsync(request);

        response.Status.ShouldBe(413);
        StoredContactsAreKept();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413()
    {
        var huge = Encoding.UTF8.GetBytes("{\"contacts\": \"" + new string('a', JsonBody<ContactsDocument>.MaxBytes) + "\"}");

        var response = await PutContactsAsync(OpsHttp.Raw(huge, sendLength: false));

        response.Status.ShouldBe(413);
        StoredContactsAreKept();
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task An_empty_or_null_body_is_a_400_showing_the_expected_shape(string body)
    {
        var response = await PutContactsAsync(OpsHttp.Json(body));

        response.Status.ShouldBe(400);
        response.Detail!.ShouldContain("\"contacts\"");
        StoredContactsAreKept();
    }

    [Fact]
    public async Task Field_names_are_read_whatever_their_case_and_charset_parameters_are_accepted()
    {
        var response = await PutContactsAsync(OpsHttp.Json("""{"Contacts": "b@contoso.com"}""", "application/json; charset=utf-8"));

        response.Status.ShouldBe(200);
        _backend.Agents["agent-042"].EmergencyContacts.ShouldBe("b@contoso.com");
    }

    private void StoredContactsAreKept() =>
        _backend.Agents["agent-042"].EmergencyContacts.ShouldBe("ops-lead@contoso.com; ana.family@contoso.com");
}
