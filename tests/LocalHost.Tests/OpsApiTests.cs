using System.Net;
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
        problem["problems"]!.AsArray().Single()!.GetValue<string>().ShouldBe("'not-an-address': Needs exactly one '@'.");
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

        release.StatusCode.ShouldBe(HttpStatusCode.OK);
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
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
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
}
