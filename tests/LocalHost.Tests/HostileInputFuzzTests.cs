using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>
/// Hundreds of hostile and broken inputs, generated from a fixed seed (the same cases every run),
/// against the running host's webhook and ops API: never a 5xx, every valid emergency in a delivery
/// starts, nothing stored is lost, and the host stays healthy.
/// </summary>
public sealed class HostileInputFuzzTests
{
    private const int Cases = 520;

    private static readonly string[] HostileStrings =
    [
        "\\ud800", "\\udfff", "\\ud83d", "abc\\ud800def", "\\u0000", new string('x', 70_000), "", " ", "\\\\ud800",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u202Eevil", "<script>alert(1)</script>", "'; DROP TABLE agents; --", "../../etc/passwd", "%00", "\r\n\r\n",
    ];

    private static readonly string[] HostileTimes =
        ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2099-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "yesterday", "", "2026-13-45T99:99:99Z", "null"];

    [Fact]
    public async Task Hostile_deliveries_never_get_a_5xx_never_cost_a_valid_emergency_and_never_lose_stored_data()
    {
        await using var host = await TestHost.StartAsync();
        var random = new Random(20261202);
        var agentsBefore = (await host.OpsAsync("agents")).ToJsonString();
        var templateBefore = (await host.OpsAsync("template")).ToJsonString();
        var poolBefore = (await host.OpsAsync("pool")).AsArray().Count;
        var expected = new List<string>();
        var failures = new List<string>();

        for (var i = 0; i < Cases; i++)
        {
            var (description, response, emergency) = await SendOneAsync(host, random, i);
            using (response)
            {
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"case {i} ({description}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }

            if (emergency is not null)
            {
                expected.Add(emergency);
            }
        }

        failures.ShouldBeEmpty();
        expected.Count.ShouldBeGreaterThan(150);
        foreach (var instanceId in expected)
        {
            using var found = await host.OpsSendAsync(HttpMethod.Get, "emergencies/" + instanceId);
            found.StatusCode.ShouldBe(HttpStatusCode.OK, $"the valid emergency {instanceId} did not start");
        }

        (await host.OpsAsync("agents")).ToJsonString().ShouldBe(agentsBefore);
        (await host.OpsAsync("template")).ToJsonString().ShouldBe(templateBefore);
        (await host.OpsAsync("pool")).AsArray().Count.ShouldBe(poolBefore);
        using var health = await host.Http.GetAsync("/");
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<(string Description, HttpResponseMessage Response, string? Emergency)> SendOneAsync(TestHost host, Random random, int i)
    {
        var schema = i % 2 == 0 ? "eventgrid" : "cloudevents";
        switch (i % 8)
        {
            case 0 or 1 or 2 or 3:
            {
                // A valid emergency beside a hostile event, in either order.
                var callId = $"fuzz-{i}";
                var valid = Emergency(callId, schema);
                var hostile = HostileEvent(random, schema);
                var body = random.Next(2) == 0 ? Join(valid, hostile) : Join(hostile, valid);
                return ($"batch {schema}", await PostBytesAsync(host, body), "emergency-" + callId);
            }

            case 4:
            {
                // A valid emergency whose optional fields are damaged: it must still start.
                var callId = $"fuzz-{i}";
                var e = Emergency(callId, schema);
                var data = Encoding.UTF8.GetString(e).Replace("Building 4", Pick(random, HostileStrings[..4]), StringComparison.Ordinal);
                var bytes = Encoding.UTF8.GetBytes(data);
                if (random.Next(2) == 0)
                {
                    bytes = CutInsideLocation(bytes);
                }

                return ($"damaged optional field {schema}", await PostBytesAsync(host, Join(bytes)), "emergency-" + callId);
            }

            case 5:
                return ("raw body", await PostBytesAsync(host, HostileBody(random)), null);

            case 6:
            {
                using var request = new HttpRequestMessage(HttpMethod.Options, "/api/events/calls");
                request.Headers.Add("x-functions-key", TestHost.WebhookKey);
                request.Headers.TryAddWithoutValidation("WebHook-Request-Origin", Pick(random, ["eventgrid.azure.net", "a\tb", "<script>", "x y", new string('a', 300), "ok-origin:443"]));
                return ("handshake", await host.Http.SendAsync(request), null);
            }

            default:
                return ("ops", await HostileOpsAsync(host, random), null);
        }
    }

    private static byte[] Emergency(string callId, string schema)
    {
        var data = new JsonObject
        {
            ["agentId"] = "agent-042",
            ["agentAcsId"] = "8:acs:agent-042",
            ["dialledNumber"] = "911",
            ["country"] = "US",
            ["serverCallId"] = callId,
            ["placedAt"] = TestHost.T0.ToString("O"),
            ["location"] = "Building 4",
        };
        return Encoding.UTF8.GetBytes(Envelope("EmergencyFlow.Dialer.OutboundCallPlaced.V1", data, schema).ToJsonString());
    }

    private static JsonObject Envelope(string type, JsonNode? data, string schema) => schema == "eventgrid"
        ? new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["subject"] = "s", ["eventType"] = type, ["eventTime"] = TestHost.T0.ToString("O"), ["dataVersion"] = "1.0", ["data"] = data }
        : new JsonObject { ["specversion"] = "1.0", ["id"] = Guid.NewGuid().ToString(), ["source"] = "s", ["type"] = type, ["time"] = TestHost.T0.ToString("O"), ["data"] = data };

    private static byte[] HostileEvent(Random random, string schema)
    {
        var type = Pick(random, ["EmergencyFlow.Dialer.OutboundCallPlaced.V1", "EmergencyFlow.Dialer.OutboundCallEnded.V1", "Microsoft.Communication.CallEnded",
            "Microsoft.Communication.IncomingCall", "Microsoft.Communication.EmailDeliveryReportReceived", "Microsoft.Storage.BlobCreated", "EmergencyFlow.Dialer.X.V9"]);
        var text = Pick(random, HostileStrings);
        var data = random.Next(6) switch
        {
            0 => new JsonObject { ["agentId"] = text, ["agentAcsId"] = text, ["dialledNumber"] = text, ["serverCallId"] = text, ["placedAt"] = Pick(random, HostileTimes) },
            1 => new JsonObject { ["serverCallId"] = $"x-{random.Next()}", ["endedAt"] = Pick(random, HostileTimes), ["agentId"] = 42 },
            2 => (JsonNode)new JsonArray(1, 2, 3),
            3 => new JsonObject { ["to"] = text, ["incomingCallContext"] = null, ["messageId"] = text, ["status"] = "Bounced", ["recipient"] = text },
            4 => null,
            _ => new JsonObject { ["url"] = "BROKEN" },
        };
        var json = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(Envelope(type, data, schema).ToJsonString()))
            .Replace("\\\\ud", "\\ud", StringComparison.Ordinal); // let escaped surrogates through as real escapes
        var bytes = Encoding.UTF8.GetBytes(json);
        if (json.Contains("BROKEN", StringComparison.Ordinal))
        {
            var at = json.IndexOf("BROKEN", StringComparison.Ordinal);
            bytes = [.. Encoding.UTF8.GetBytes(json[..at]), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(json[(at + 6)..])];
        }

        return bytes;
    }

    private static byte[] HostileBody(Random random) => random.Next(9) switch
    {
        0 => [],
        1 => [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE, 0x00],
        2 => Encoding.UTF8.GetBytes("[" + string.Concat(Enumerable.Repeat("[", 5000))),
        3 => Encoding.UTF8.GetBytes("{\"id\":\"1\",\"eventType\":"),
        4 => Encoding.UTF8.GetBytes("\"just a string\""),
        5 => Encoding.UTF8.GetBytes("[1, true, null, \"x\", {}]"),
        6 => new byte[(1024 * 1024) + 10],
        7 => Encoding.UTF8.GetBytes("{} {}"),
        _ => Encoding.UTF8.GetBytes("\uFEFF[{\"id\":\"1\"}]"),
    };

    private static async Task<HttpResponseMessage> HostileOpsAsync(TestHost host, Random random)
    {
        var (method, route, body) = random.Next(10) switch
        {
            0 => (HttpMethod.Put, "agents/agent-042/contacts", "{}"),
            1 => (HttpMethod.Put, "agents/agent-042/contacts", "{\"contacts\":\"not-an-address; \\ud800@x.com\"}"),
            2 => (HttpMethod.Put, "template", "{}"),
            3 => (HttpMethod.Put, "template", "{\"subject\":\"{{Nope}}\",\"plainText\":\"x\",\"html\":\"x\"}"),
            4 => (HttpMethod.Put, "pool", "{\"numbers\":[\"not a number\"]}"),
            5 => (HttpMethod.Put, "agents/" + Uri.EscapeDataString("../../x"), "{\"displayName\":\"x\"}"),
            6 => (HttpMethod.Put, "agents/agent-042", "{\"displayName\":"),
            7 => (HttpMethod.Get, "emergencies/" + Uri.EscapeDataString("emergency-\u0001" + Pick(random, ["%00", "..", "\ud800", "x"])), null),
            8 => (HttpMethod.Post, "leases/" + Uri.EscapeDataString("+1 (425) 555-0199") + "/release", null),
            _ => (HttpMethod.Put, "agents/agent-042", "[1,2,3]"),
        };
        using var request = new HttpRequestMessage(method, "/api/ops/" + route);
        request.Headers.Add("x-ops-key", TestHost.OpsKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return await host.Http.SendAsync(request);
    }

    private static byte[] Join(params byte[][] events)
    {
        var parts = new List<byte> { (byte)'[' };
        for (var i = 0; i < events.Length; i++)
        {
            if (i > 0)
            {
                parts.Add((byte)',');
            }

            parts.AddRange(events[i]);
        }

        parts.Add((byte)']');
        return [.. parts];
    }

    private static byte[] CutInsideLocation(byte[] bytes)
    {
        // Replace the location's last character by the first two bytes of a three-byte UTF-8 character.
        var text = Encoding.UTF8.GetString(bytes);
        var at = text.IndexOf("\"location\":\"", StringComparison.Ordinal) + 12;
        return [.. Encoding.UTF8.GetBytes(text[..at]), (byte)'M', 0xE2, 0x82, .. Encoding.UTF8.GetBytes(text[text.IndexOf('"', at)..])];
    }

    private static async Task<HttpResponseMessage> PostBytesAsync(TestHost host, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/calls") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-functions-key", TestHost.WebhookKey);
        var response = await host.Http.SendAsync(request);

        // A start is acknowledged once stored; its first run continues in the background.
        await host.IdleAsync();
        return response;
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];
}
