using System.Net;
using System.Text.Json.Nodes;
using EmergencyFlow.Http.Webhook;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>The product over HTTP: the same webhook and ops routes the Functions host exposes.</summary>
public sealed class LifecycleEndToEndTests
{
    private const string PoolNumber = "+14255550123";

    private static JsonArray IncomingCallTo(string number) =>
        TestHost.Sample("incoming-call", d =>
        {
            d["to"]!["rawId"] = "4:" + number;
            d["to"]!["phoneNumber"]!["value"] = number;
        });

    private static async Task<string> Presence(TestHost host, string agent) =>
        (await host.OpsAsync("presence")).AsArray().Single(p => (string)p!["agentId"]! == agent)!["availability"]!.GetValue<string>();

    [Fact]
    public async Task A_full_emergency_runs_from_dial_to_release_and_operators_see_every_stage()
    {
        await using var host = await TestHost.StartAsync();

        (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Presence(host, "agent-042")).ShouldBe("DoNotDisturb");
        var lease = (await host.OpsAsync("leases")).AsArray().ShouldHaveSingleItem()!;
        lease["number"]!.GetValue<string>().ShouldBe(PoolNumber);
        lease["agentId"]!.GetValue<string>().ShouldBe("agent-042");
        var eml = Directory.GetFiles(host.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
        var email = await File.ReadAllTextAsync(eml);
        email.ShouldContain("To: ops-lead@contoso.com, ana.family@contoso.com");
        email.ShouldContain("Subject: Emergency call by Ana Lima");
        var emergency = (await host.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem()!;
        emergency["stage"]!.GetValue<string>().ShouldBe("WaitingForCallEnd");
        emergency["callbackNumber"]!.GetValue<string>().ShouldBe("+*********23");

        (await host.PostAsync(IncomingCallTo(PoolNumber), FunctionNames.OnIncomingCall)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var routed = (await host.OpsAsync("routing")).AsArray().ShouldHaveSingleItem()!;
        routed["decision"]!.GetValue<string>().ShouldBe("RingAgent");
        routed["target"]!.GetValue<string>().ShouldStartWith("8:acs:");

        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        (await host.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Presence(host, "agent-042")).ShouldBe("Available");
        (await host.OpsAsync("emergencies")).AsArray().Single()!["stage"]!.GetValue<string>().ShouldBe("CallbackWindowOpen");

        await host.AdvanceToAsync(TestHost.T0.AddMinutes(72));

        var done = (await host.OpsAsync("emergencies")).AsArray().Single()!;
        done["stage"]!.GetValue<string>().ShouldBe("Completed");
        done["runtimeStatus"]!.GetValue<string>().ShouldBe("Completed");
        (await host.OpsAsync("leases")).AsArray().ShouldBeEmpty();
        (await host.OpsAsync("alerts")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_event_delivered_three_times_has_the_effect_of_one_delivery()
    {
        await using var host = await TestHost.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        for (var i = 0; i < 3; i++)
        {
            (await host.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await host.PostAsync(TestHost.Sample("acs-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await host.AdvanceToAsync(TestHost.T0.AddMinutes(72));
        for (var i = 0; i < 3; i++)
        {
            (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var emergency = (await host.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem()!;
        emergency["stage"]!.GetValue<string>().ShouldBe("Completed");
        var detail = await host.OpsAsync("emergencies/" + emergency["instanceId"]!.GetValue<string>());
        // The nine durable actions of one lifecycle, the silence-alert timer, and the one call end it took.
        detail["actions"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).Where(n => !n.Contains("UTC", StringComparison.Ordinal)).ShouldBe(
            ["IdentifyAgent", "SetDoNotDisturb", "Lease", "SendNotification", "CallEnded", "RestorePresence", "Extend", "Release"]);
        detail["actions"]!.AsArray().Count.ShouldBe(10);
        Directory.GetFiles(host.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
        var outcomes = (await host.OpsAsync("events?limit=100")).AsArray().Select(e => e!["outcome"]!.GetValue<string>()).ToList();
        outcomes.Count(o => o == "Started").ShouldBe(1);
        outcomes.Count(o => o == "Duplicate").ShouldBe(5);
    }

    [Fact]
    public async Task An_end_that_arrives_before_the_start_still_leases_and_notifies_without_DND()
    {
        await using var host = await TestHost.StartAsync();
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));

        (await host.PostAsync(TestHost.Sample("outbound-call-ended"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.PostAsync(TestHost.Sample("outbound-call-placed"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await host.OpsAsync("presence")).AsArray().ShouldBeEmpty();
        Directory.GetFiles(host.OutboxDirectory, "*.eml").ShouldHaveSingleItem();
        var emergency = (await host.OpsAsync("emergencies")).AsArray().ShouldHaveSingleItem()!;
        emergency["endedBy"]!.GetValue<string>().ShouldBe("BeforeStart");
        emergency["leaseExpiresAt"]!.GetValue<DateTimeOffset>().ShouldBe(TestHost.T0.AddMinutes(72));
        var outcomes = (await host.OpsAsync("events")).AsArray().Select(e => e!["outcome"]!.GetValue<string>()).ToList();
        outcomes.ShouldBe(["Duplicate", "StartedAfterEnd"]);
    }

    [Fact]
    public async Task Incoming_calls_ring_the_agent_only_while_the_lease_is_live()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        await host.PostAsync(TestHost.Sample("outbound-call-ended"));

        await host.PostAsync(IncomingCallTo(PoolNumber), FunctionNames.OnIncomingCall);
        await host.PostAsync(IncomingCallTo("+14255550999"), FunctionNames.OnIncomingCall);
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(73));
        await host.PostAsync(IncomingCallTo(PoolNumber), FunctionNames.OnIncomingCall);

        var decisions = (await host.OpsAsync("routing")).AsArray().Reverse().Select(r => (r!["decision"]!.GetValue<string>(), r["reason"]!.GetValue<string>())).ToList();
        decisions.ShouldBe([
            ("RingAgent", "Live emergency callback: ring the agent with top priority."),
            ("NormalRouting", "Not a callback pool number."),
            ("Fallback", "The callback window has ended: the call goes to the contact centre's fallback so a person answers."),
        ]);
    }

    [Fact]
    public async Task One_malformed_event_in_a_batch_is_refused_with_its_reason_and_the_good_ones_are_processed()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.PostAsync(TestHost.Sample("batch-with-one-malformed"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        problem["detail"]!.GetValue<string>().ShouldContain("bad-event-0001: data.agentId: missing or empty.");
        (await host.OpsAsync("emergencies")).AsArray().Count.ShouldBe(2);
        var dead = (await host.OpsAsync("dead-letters")).AsArray().ShouldHaveSingleItem()!;
        dead["eventId"]!.GetValue<string>().ShouldBe("bad-event-0001");
        dead["payload"]!.GetValue<string>().ShouldContain("dialledNumber");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Deliveries_without_the_key_are_refused_and_nothing_is_processed(string? key)
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.PostAsync(TestHost.Sample("outbound-call-placed"), key: key);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.OpsAsync("emergencies")).AsArray().ShouldBeEmpty();
        (await host.OpsAsync("events")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_ops_API_refuses_requests_without_its_key()
    {
        await using var host = await TestHost.StartAsync();

        using var none = await host.OpsSendAsync(HttpMethod.Get, "emergencies", key: null);
        using var webhookKey = await host.OpsSendAsync(HttpMethod.Get, "emergencies", key: TestHost.WebhookKey);

        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        webhookKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await none.Content.ReadAsStringAsync()).ShouldContain("x-ops-key");
    }

    [Fact]
    public async Task The_Event_Grid_subscription_validation_handshake_is_answered()
    {
        await using var host = await TestHost.StartAsync();

        using var response = await host.PostAsync(TestHost.Sample("subscription-validation"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["validationResponse"]!.GetValue<string>()
            .ShouldBe("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
    }

    [Fact]
    public async Task The_CloudEvents_webhook_handshake_echoes_the_origin()
    {
        await using var host = await TestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/runtime/webhooks/EventGrid?functionName=OnCallEvent");
        request.Headers.Add("x-functions-key", TestHost.WebhookKey);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var response = await host.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("WebHook-Allowed-Origin").ShouldBe(["eventgrid.azure.net"]);
    }

    [Fact]
    public async Task CloudEvents_deliveries_drive_the_same_lifecycle()
    {
        await using var host = await TestHost.StartAsync();

        (await host.PostAsync(TestHost.Sample("outbound-call-placed", "cloudevents"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await host.PostAsync(TestHost.Sample("acs-call-ended", "cloudevents"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await host.OpsAsync("emergencies")).AsArray().Single()!["endedBy"]!.GetValue<string>().ShouldBe("Acs");
    }

    [Fact]
    public async Task A_call_from_a_country_outside_the_plan_is_reported_not_ignored()
    {
        await using var host = await TestHost.StartAsync();

        await host.PostAsync(TestHost.Sample("outbound-call-placed", d => { d["country"] = "FR"; d["dialledNumber"] = "112"; }));

        (await host.OpsAsync("emergencies")).AsArray().ShouldBeEmpty();
        var logged = (await host.OpsAsync("events")).AsArray().ShouldHaveSingleItem()!;
        logged["outcome"]!.GetValue<string>().ShouldBe("UnsupportedCountry");
        logged["detail"]!.GetValue<string>().ShouldContain("FR");
    }

    [Fact]
    public async Task A_bounced_notification_alerts_operators()
    {
        await using var host = await TestHost.StartAsync();
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        var messageId = (await host.OpsAsync("outbox")).AsArray().Single()!["messageId"]!.GetValue<string>();

        await host.PostAsync(TestHost.Sample("email-delivery-report", d => d["messageId"] = messageId));

        var alert = (await host.OpsAsync("alerts")).AsArray().ShouldHaveSingleItem()!;
        alert["kind"]!.GetValue<string>().ShouldBe("NotificationNotDelivered");
        alert["instanceId"]!.GetValue<string>().ShouldStartWith("emergency-");
        alert["message"]!.GetValue<string>().ShouldContain("j***@contoso.com");
    }

    [Fact]
    public async Task Logs_never_show_a_phone_number_or_an_email_address_in_clear()
    {
        // Everything the engine writes too (DurableTask.Core and the durabletask-dotnet worker log at Warning by default).
        await using var host = await TestHost.StartAsync(settings: ["--Logging:LogLevel:DurableTask.Core=Debug", "--Logging:LogLevel:Microsoft.DurableTask=Debug"]);
        await host.PostAsync(TestHost.Sample("outbound-call-placed"));
        await host.PostAsync(IncomingCallTo(PoolNumber), FunctionNames.OnIncomingCall);
        await host.PostAsync(TestHost.Sample("outbound-call-placed", d => { d["country"] = "FR"; d["dialledNumber"] = "+33 6 12 34 56 78"; d["serverCallId"] = "x"; }));
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(12));
        await host.PostAsync(TestHost.Sample("outbound-call-ended"));
        await host.AdvanceToAsync(TestHost.T0.AddMinutes(72));

        var logs = string.Join("\n", host.LogLines);
        logs.ShouldContain("Scheduling activity");

        logs.ShouldContain("notification sent to 2 contact(s)");
        foreach (var secret in new[] { "14255550123", "14255550911", "612345678", "ops-lead@", "ana.family@" })
        {
            logs.ShouldNotContain(secret);
        }
    }
}
