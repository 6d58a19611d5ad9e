using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EmergencyFlow.LocalHost.Tests;

public sealed class OpsApiTests
{
    [Fact]
    public async Task Contacts_are_read_and_replaced_in_the_semicolon_format()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "agents/agent-007/contacts", new { contacts = " a@contoso.com ;; A@contoso.com; b@fabrikam.com " });

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.OpsAsync("agents/agent-007/contacts"))["contacts"]!.GetValue<string>().ShouldBe("a@contoso.com; b@fabrikam.com");
    }

    [Fact]
    public async Task Invalid_contacts_are_refused_with_a_reason_per_entry_and_nothing_is_saved()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "agents/agent-042/contacts", new { contacts = "ok@contoso.com; not-an-address" });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        problem["problems"]!.AsArray().Single()!.GetValue<string>().ShouldBe("contacts: 'not-an-address': Needs exactly one '@'.");
        (await host.OpsAsync("agents/agent-042/contacts"))["contacts"]!.GetValue<string>().ShouldBe("ops-lead@contoso.com; ana.family@contoso.com");
    }

    [Fact]
    public async Task A_template_with_an_unknown_placeholder_is_refused_at_save_time()
    {
        await using var host = await TestHost.StartAsync();
        var template = await host.OpsAsync("template");
        template["plainText"] = "Call {{Agentname}} now";

        using var put = await host.OpsSendAsync(HttpMethod.Put, "template", template);

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).ShouldContain("unknown placeholder '{{Agentname}}'");
    }

    [Fact]
    public async Task A_saved_template_is_used_for_the_next_notification()
    {
        await using var host = await TestHost.StartAsync();
        var template = await host.OpsAsync("template");
        template["subject"] = "URGENT: {{AgentName}} called {{DialledNumber}}";
        (await host.OpsSendAsync(HttpMethod.Put, "template", template)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await host.PostAsync(TestHost.Sample("outbound-call-placed"));

        (await File.ReadAllTextAsync(Directory.GetFiles(host.OutboxDirectory).Single())).ShouldContain("Subject: URGENT: Ana Lima called 911");
    }

    [Fact]
    public async Task An_operator_can_release_a_lease_by_hand()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));

        using var release = await host.OpsSendAsync(HttpMethod.Post, "leases/+14255550123/release");

        // The pool entity is its only writer: the release is queued to it (not yet applied) and takes effect when it runs.
        release.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        JsonNode.Parse(await release.Content.ReadAsStringAsync())!["applied"]!.GetValue<bool>().ShouldBeFalse();
        await host.IdleAsync();
        (await host.OpsAsync("leases")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_pool_is_replaced_but_a_number_with_a_live_lease_cannot_be_removed()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));

        using var refused = await host.OpsSendAsync(HttpMethod.Put, "pool", new { numbers = new[] { "+14255550199" } });
        using var accepted = await host.OpsSendAsync(HttpMethod.Put, "pool", new { numbers = new[] { "+14255550123", "+14255550199" } });

        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("live lease");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await host.IdleAsync();
        (await host.OpsAsync("pool")).AsArray().Select(n => n!["number"]!.GetValue<string>()).ShouldBe(["+14255550123", "+14255550199"]);
    }

    [Fact]
    public async Task Agents_are_created_and_validated()
    {
        await using var host = await TestHost.StartAsync();

        using var bad = await host.OpsSendAsync(HttpMethod.Put, "agents/agent-100", new { displayName = "", acsIdentity = "bob", emergencyContacts = "" });
        using var good = await host.OpsSendAsync(HttpMethod.Put, "agents/agent-100",
            new { displayName = "Chi Ng", acsIdentity = "8:acs:resource_agent-100", emergencyContacts = "chi.family@contoso.com" });

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.OpsAsync("agents/agent-100"))["displayName"]!.GetValue<string>().ShouldBe("Chi Ng");
    }

    [Fact]
    public async Task Presence_changes_are_visible_and_a_presence_chosen_during_the_call_is_kept()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        (await host.OpsSendAsync(HttpMethod.Put, "presence/agent-042", new { availability = "Away", activity = "Away" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        await host.PostAsync(TestHost.Sample("outbound-call-ended"));

        (await host.OpsAsync("presence")).AsArray().Single()!["availability"]!.GetValue<string>().ShouldBe("Away");
    }

    [Fact]
    public async Task Unknown_emergencies_are_a_404_problem()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.OpsSendAsync(HttpMethod.Get, "emergencies/emergency-nope");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_invalid_pool_number_is_a_400_naming_it_and_the_pool_is_unchanged()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "pool", new { numbers = new[] { "+14255550123", "call me" } });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemsOf(put)).ShouldBe(["numbers[1]: 'call me' is not an E.164 number such as +14255550123."]);
        (await host.OpsAsync("pool")).AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_pool_put_without_numbers_is_a_400_and_the_pool_is_kept()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "pool", new { });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemsOf(put)).Single().ShouldStartWith("numbers: required");
        (await host.OpsAsync("pool")).AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Releasing_a_number_that_is_not_in_the_pool_is_a_404_and_an_invalid_number_a_400()
    {
        await using var host = await TestHost.StartAsync();

        using var unknown = await host.OpsSendAsync(HttpMethod.Post, "leases/+14255550999/release");
        using var invalid = await host.OpsSendAsync(HttpMethod.Post, "leases/not-a-number/release");

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemsOf(invalid)).Single().ShouldStartWith("number: 'not-a-number'");
    }

    [Fact]
    public async Task A_contacts_put_without_the_contacts_field_is_refused_and_the_stored_contacts_are_kept()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "agents/agent-042/contacts", new { });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemsOf(put)).Single().ShouldStartWith("contacts: required");
        (await host.OpsAsync("agents/agent-042/contacts"))["contacts"]!.GetValue<string>().ShouldBe("ops-lead@contoso.com; ana.family@contoso.com");
    }

    [Fact]
    public async Task An_agent_put_that_omits_a_field_is_refused_naming_it_and_the_stored_agent_is_kept()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "agents/agent-042", new { displayName = "Ana L." });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemsOf(put)).ShouldBe(["acsIdentity: required.", "emergencyContacts: required (\"\" for none)."]);
        var stored = await host.OpsAsync("agents/agent-042");
        stored["displayName"]!.GetValue<string>().ShouldBe("Ana Lima");
        stored["emergencyContacts"]!.GetValue<string>().ShouldBe("ops-lead@contoso.com; ana.family@contoso.com");
    }

    [Fact]
    public async Task A_template_with_missing_parts_is_a_400_naming_them_and_the_template_is_kept()
    {
        await using var host = await TestHost.StartAsync();
        var before = (await host.OpsAsync("template")).ToJsonString();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "template", new { });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemsOf(put)).ShouldBe(["subject: required.", "plainText: required.", "html: required."]);
        (await host.OpsAsync("template")).ToJsonString().ShouldBe(before);
    }

    [Theory]
    [InlineData("GET", "agents/nobody")]
    [InlineData("DELETE", "agents/nobody")]
    [InlineData("GET", "agents/nobody/contacts")]
    [InlineData("GET", "emergencies/emergency-nobody")]
    public async Task An_unknown_id_is_a_404_problem(string method, string route)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.OpsSendAsync(new HttpMethod(method), route);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Contacts_for_an_unknown_agent_are_a_404_and_create_no_agent()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await host.OpsSendAsync(HttpMethod.Put, "agents/nobody/contacts", new { contacts = "a@contoso.com" });

        put.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.OpsAsync("agents")).AsArray().Select(a => a!["agentId"]!.GetValue<string>()).ShouldNotContain("nobody");
    }

    [Theory]
    [InlineData("GET", "agents/bad%20id")]
    [InlineData("PUT", "agents/bad%20id")]
    [InlineData("DELETE", "agents/bad%20id")]
    [InlineData("GET", "agents/bad%20id/contacts")]
    [InlineData("PUT", "agents/bad%20id/contacts")]
    [InlineData("PUT", "presence/bad%20id")]
    [InlineData("GET", "emergencies/bad%20id")]
    [InlineData("POST", "leases/bad%20id/release")]
    public async Task An_invalid_path_id_is_a_400_naming_it_on_every_route(string method, string route)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.OpsSendAsync(new HttpMethod(method), route, method is "PUT" ? new { } : null);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ProblemsOf(response)).Single().ShouldContain("'bad id'");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_that_says_what_is_wrong_and_saves_nothing()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await SendRawAsync(host, "agents/agent-042/contacts", "{\"contacts\": ", "application/json");

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonNode.Parse(await put.Content.ReadAsStringAsync())!["title"]!.GetValue<string>().ShouldBe("The body is not valid JSON for this request.");
        (await host.OpsAsync("agents/agent-042/contacts"))["contacts"]!.GetValue<string>().ShouldBe("ops-lead@contoso.com; ana.family@contoso.com");
    }

    [Fact]
    public async Task A_string_with_a_lone_surrogate_is_a_400_not_a_500()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await SendRawAsync(host, "agents/agent-042/contacts", "{\"contacts\": \"a\\ud800@contoso.com\"}", "application/json");

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        await using var host = await TestHost.StartAsync();

        using var put = await SendRawAsync(host, "template", "subject=hello", "application/x-www-form-urlencoded");

        put.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        put.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_and_nothing_is_saved()
    {
        await using var host = await TestHost.StartAsync();
        var huge = "{\"contacts\": \"" + new string('a', 3 * 1024 * 1024) + "@contoso.com\"}";

        using var put = await SendRawAsync(host, "agents/agent-042/contacts", huge, "application/json");

        put.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await host.OpsAsync("agents/agent-042/contacts"))["contacts"]!.GetValue<string>().ShouldBe("ops-lead@contoso.com; ana.family@contoso.com");
    }

    private static async Task<IReadOnlyList<string>> ProblemsOf(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return problem["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
    }

    private static async Task<HttpResponseMessage> SendRawAsync(TestHost host, string route, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/ops/" + route)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)),
        };
        request.Headers.Add("x-ops-key", TestHost.OpsKey);
        return await host.Http.SendAsync(request);
    }
}
