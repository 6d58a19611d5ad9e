using System.Net;
using System.Text.Json.Nodes;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>The supervisor page's read model, health probes, OpenAPI and how the ops API's data reads to a person.</summary>
public sealed class SupervisorApiTests
{
    private static async Task<HttpResponseMessage> SupervisorAsync(TestHost host, string? etag = null, string? key = TestHost.OpsKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ops/supervisor");
        if (key is not null)
        {
            request.Headers.Add("x-ops-key", key);
        }

        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        return await host.Http.SendAsync(request);
    }

    [Fact]
    public async Task The_supervisor_view_answers_not_modified_until_an_emergency_changes_it()
    {
        await using var host = await TestHost.StartAsync();
        using var first = await SupervisorAsync(host);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = first.Headers.ETag!.ToString();

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        using var unchanged = await SupervisorAsync(host, etag);
        unchanged.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        unchanged.Headers.GetValues("X-EmergencyFlow-As-Of").ShouldHaveSingleItem().ShouldBe("2026-11-21T19:00:05Z");

        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        using var changed = await SupervisorAsync(host, etag);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        changed.Headers.ETag!.ToString().ShouldNotBe(etag);
        var text = await changed.Content.ReadAsStringAsync();
        text.ShouldNotContain("4255550123");
        var view = JsonNode.Parse(text)!;
        var emergency = view["active"]!.AsArray().ShouldHaveSingleItem()!;
        emergency["agentName"]!.GetValue<string>().ShouldBe("Ana Lima");
        emergency["stageText"]!.GetValue<string>().ShouldBe("On the emergency call");
        emergency["callbackNumber"]!.GetValue<string>().ShouldBe("+*********23");
        view["leases"]!.AsArray().ShouldHaveSingleItem()!["number"]!.GetValue<string>().ShouldBe("+*********23");
        view["pool"]!["free"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task The_supervisor_view_is_refused_without_the_ops_key()
    {
        await using var host = await TestHost.StartAsync();

        using var anonymous = await SupervisorAsync(host, key: null);
        using var webhookKey = await SupervisorAsync(host, key: TestHost.WebhookKey);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        webhookKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Emergency_lists_show_agent_names_actions_in_words_and_UTC_timestamps()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));

        var emergency = (await host.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem()!;
        var detail = await host.OpsAsync("emergencies/" + emergency["instanceId"]!.GetValue<string>());

        emergency["agentName"]!.GetValue<string>().ShouldBe("Ana Lima");
        emergency["placedAt"]!.GetValue<string>().ShouldBe("2026-11-21T19:00:00Z");
        emergency["createdAt"]!.GetValue<string>().ShouldEndWith("Z");
        detail["actions"]!.AsArray().Select(a => a!["action"]!.GetValue<string>())
            .ShouldBe(["Look the agent up in the directory", "Set Do Not Disturb", "Lease a callback number", "Email the emergency contacts", "Durable timer until 2026-11-21 19:30 UTC"]);
        detail["actions"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()).ShouldBe(["Step", "Step", "Pool", "Step", "Timer"]);
    }

    [Fact]
    public async Task A_bounce_for_an_unknown_message_is_an_alert_without_a_lifecycle_not_one_keyed_unknown()
    {
        await using var host = await TestHost.StartAsync();

        await host.PostAsync(TestHost.Sample("email-delivery-report"));

        var alert = (await host.OpsAsync("alerts")).AsArray().ShouldHaveSingleItem()!;
        alert["instanceId"].ShouldBeNull();
        alert["kind"]!.GetValue<string>().ShouldBe("NotificationNotDelivered");
        var view = await host.OpsAsync("supervisor");
        var shown = view["alerts"]!.AsArray().ShouldHaveSingleItem()!;
        shown["title"]!.GetValue<string>().ShouldBe("Notification email bounced");
        shown["action"]!.GetValue<string>().ShouldStartWith("Phone the contact");
        view.ToJsonString().ShouldNotContain("(unknown)");
    }

    [Fact]
    public async Task Healthz_and_readyz_answer_healthy_and_give_nothing_else_away()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));

        using var live = await host.Http.GetAsync("/healthz");
        using var ready = await host.Http.GetAsync("/readyz");

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await live.Content.ReadAsStringAsync()).ShouldBe("Healthy");
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_ops_routes_and_only_those()
    {
        await using var host = await TestHost.StartAsync();

        var document = JsonNode.Parse(await host.Http.GetStringAsync("/openapi/v1.json"))!;

        document["info"]!["title"]!.GetValue<string>().ShouldBe("EmergencyFlow ops API");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldAllBe(p => p.StartsWith("/api/ops/", StringComparison.Ordinal));
        foreach (var route in new[]
        {
            "/api/ops/supervisor", "/api/ops/emergencies", "/api/ops/emergencies/{instanceId}", "/api/ops/leases", "/api/ops/leases/{number}/release",
            "/api/ops/pool", "/api/ops/agents", "/api/ops/agents/{agentId}", "/api/ops/agents/{agentId}/contacts", "/api/ops/template",
            "/api/ops/alerts", "/api/ops/routing", "/api/ops/events",
        })
        {
            paths.ShouldContain(route);
        }

        document["paths"]!["/api/ops/pool"]!.AsObject().Select(m => m.Key).ShouldBe(["get", "put"], ignoreOrder: true);
    }

    [Fact]
    public async Task Every_error_the_local_document_lists_is_a_problem_document_and_every_route_says_a_missing_key_is_one()
    {
        await using var host = await TestHost.StartAsync();

        var paths = JsonNode.Parse(await host.Http.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();

        var operations = paths.SelectMany(p => p.Value!.AsObject().Where(m => m.Key is "get" or "put" or "post" or "delete").Select(m => (Name: $"{m.Key} {p.Key}", Responses: m.Value!["responses"]!.AsObject()))).ToList();
        operations.Count.ShouldBeGreaterThan(20);
        foreach (var (name, responses) in operations)
        {
            responses["401"]?["content"]?["application/problem+json"].ShouldNotBeNull($"{name} 401");
            foreach (var error in responses.Where(r => r.Key[0] is '4' or '5'))
            {
                error.Value!["content"]?["application/problem+json"].ShouldNotBeNull($"{name} {error.Key} is not a problem document");
            }
        }
    }

    [Fact]
    public async Task The_page_and_the_API_reference_are_served_as_plain_files_with_a_strict_content_policy()
    {
        await using var host = await TestHost.StartAsync();

        using var page = await host.Http.GetAsync("/supervisor");
        using var reference = await host.Http.GetAsync("/api-reference/v1");
        using var missing = await host.Http.GetAsync("/supervisor/keys.json");

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("<label for=\"ops-key\">Ops key</label>");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        reference.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await reference.Content.ReadAsStringAsync();
        html.ShouldContain("openapi/v1.json");
        html.ShouldNotContain("https://");
        var policy = reference.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldStartWith("default-src 'none'; script-src 'self' 'nonce-");
        policy.ShouldContain("connect-src 'self'");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
