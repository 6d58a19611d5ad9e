using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Load;

/// <summary>The workload against one host: set-up and warm-up, then one measured phase per concurrency.</summary>
internal sealed class LoadRun(LoadHost host, string provider, int warmup)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(15);
    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromMinutes(5) };
    private readonly string run = $"load{DateTime.UtcNow:HHmmss}";
    private List<string> leased = [];
    private int nextAgent;

    /// <summary>The pool and the agents every phase needs, then a warm-up whose live leases the callbacks ring.</summary>
    public async Task PrepareAsync(int measuredCalls, int? poolSize)
    {
        var agents = warmup + measuredCalls;
        var numbers = Enumerable.Range(0, poolSize ?? agents + 16).Select(i => $"+1555{i:D7}").ToList();
        await OpsAsync(HttpMethod.Put, "pool", new { numbers });
        await UntilAsync(async () => (await OpsGetAsync("pool")).AsArray().Count == numbers.Count, "the pool to be replaced");
        await ForEachAsync(agents, 16, i => OpsAsync(HttpMethod.Put, $"agents/{Agent(i)}",
            new { displayName = $"Agent {i}", acsIdentity = $"8:acs:{Agent(i)}", emergencyContacts = $"contact{i}@contoso.com" }));

        var started = Stopwatch.StartNew();
        var warm = Enumerable.Range(0, warmup).Select(_ => nextAgent++).ToList();
        await ForEachAsync(warm.Count, 16, i => DialAsync(warm[i]));
        await UntilAsync(() => Task.FromResult(warm.All(i => host.Timings.Email.ContainsKey(InstanceOf(i)))), "the warm-up's emails");
        leased = [.. (await OpsGetAsync("leases")).AsArray().Select(l => l!["number"]!.GetValue<string>())];
        Console.WriteLine($"  {provider}: warm-up of {warmup} dials in {started.Elapsed.TotalSeconds:F1} s (not measured); {leased.Count} live leases for the callbacks");
    }

    /// <summary>Dials <paramref name="calls"/> emergencies at <paramref name="concurrency"/> in flight with callbacks routed beside them, then ends them.</summary>
    public async Task<LoadRow> PhaseAsync(int calls, int concurrency)
    {
        var agents = Enumerable.Range(0, calls).Select(_ => nextAgent++).ToArray();
        var sent = new long[calls];
        var failures = 0;
        // In flight means emergencies under way: a caller dials again only once its last dial put the agent in
        // Do Not Disturb, so at most `concurrency` lifecycles are between the dial and DND at any time.
        var acknowledgedAt = new double[calls];
        var dials = MeasureAsync(calls, concurrency, async i =>
        {
            sent[i] = Stopwatch.GetTimestamp();
            await DialAsync(agents[i]);
            acknowledgedAt[i] = Stopwatch.GetElapsedTime(sent[i]).TotalMilliseconds;
            await host.Timings.WhenDnd(Agent(agents[i])).WaitAsync(Patience);
        });
        var routing = MeasureAsync(calls, concurrency, i => CallbackAsync(leased[i % leased.Count], $"{run}-cb-{agents[i]}"));
        var (_, dialFailures) = await dials;
        var acknowledged = acknowledgedAt;
        var (routed, routingFailures) = await routing;
        failures += dialFailures + routingFailures;

        try
        {
            await UntilAsync(() => Task.FromResult(agents.All(a => host.Timings.Email.ContainsKey(InstanceOf(a)))), "every dial's email");
        }
        catch (TimeoutException ex)
        {
            Console.WriteLine($"  {ex.Message}");
        }

        var dnd = new List<double>();
        var email = new List<double>();
        long last = 0;
        long lastDnd = 0;
        for (var i = 0; i < calls; i++)
        {
            if (host.Timings.Dnd.TryGetValue(Agent(agents[i]), out var at))
            {
                dnd.Add(Stopwatch.GetElapsedTime(sent[i], at).TotalMilliseconds);
                lastDnd = Math.Max(lastDnd, at);
            }

            if (host.Timings.Email.TryGetValue(InstanceOf(agents[i]), out var mailed))
            {
                email.Add(Stopwatch.GetElapsedTime(sent[i], mailed).TotalMilliseconds);
                last = Math.Max(last, mailed);
            }
        }

        failures += calls - email.Count;
        var lifecycles = email.Count == 0 ? 0 : email.Count / Stopwatch.GetElapsedTime(sent.Min(), last).TotalSeconds;
        var dndRate = dnd.Count == 0 ? 0 : dnd.Count / Stopwatch.GetElapsedTime(sent.Min(), lastDnd).TotalSeconds;

        var ended = new long[calls];
        var (_, endFailures) = await MeasureAsync(calls, concurrency, i =>
        {
            ended[i] = Stopwatch.GetTimestamp();
            return EndAsync(agents[i]);
        });
        failures += endFailures;
        try
        {
            await UntilAsync(() => Task.FromResult(agents.All(a => host.Timings.Restored.ContainsKey(Agent(a)))), "every agent's presence back");
        }
        catch (TimeoutException ex)
        {
            Console.WriteLine($"  {ex.Message}");
        }

        var restored = Enumerable.Range(0, calls)
            .Where(i => host.Timings.Restored.ContainsKey(Agent(agents[i])))
            .Select(i => Stopwatch.GetElapsedTime(ended[i], host.Timings.Restored[Agent(agents[i])]).TotalMilliseconds);
        var row = new LoadRow(provider, concurrency, calls, lifecycles, dndRate, Latency.Of(acknowledged), Latency.Of(dnd), Latency.Of(email), Latency.Of(routed), Latency.Of(restored), failures);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {provider} at {concurrency} in flight: {row.Lifecycles:F0} lifecycles/s, {row.DndRate:F0} dials/s reaching DND, dial → DND p99 {row.Dnd.P99:F0} ms, routing p99 {row.Routing.P99:F1} ms, failures {failures}"));
        return row;
    }

    private string Agent(int i) => $"{run}-{i}";

    private string InstanceOf(int agent) => new CallKey($"{Agent(agent)}-call", null).InstanceId;

    private Task DialAsync(int agent) => PostAsync("calls", Event(
        "EmergencyFlow.Dialer.OutboundCallPlaced.V1",
        new JsonObject { ["agentId"] = Agent(agent), ["agentAcsId"] = $"8:acs:{Agent(agent)}", ["dialledNumber"] = "911", ["country"] = "US", ["serverCallId"] = $"{Agent(agent)}-call" }));

    private Task EndAsync(int agent) => PostAsync("calls", Event("Microsoft.Communication.CallEnded", new JsonObject { ["serverCallId"] = $"{Agent(agent)}-call" }));

    private Task CallbackAsync(string number, string callId) => PostAsync("incoming-calls", Event(
        "Microsoft.Communication.IncomingCall",
        new JsonObject
        {
            ["to"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:" + number, ["phoneNumber"] = new JsonObject { ["value"] = number } },
            ["from"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:+14255550911", ["phoneNumber"] = new JsonObject { ["value"] = "+14255550911" } },
            ["incomingCallContext"] = "ctx", ["serverCallId"] = callId,
        }));

    private static string Event(string type, JsonObject data) => new JsonArray(new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(), ["subject"] = "load", ["eventType"] = type,
        ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), ["dataVersion"] = "1.0", ["data"] = data,
    }).ToJsonString();

    private async Task PostAsync(string route, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/events/{route}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("aeg-event-type", "Notification");
        request.Headers.Add("x-functions-key", host.Keys.Webhook);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private async Task OpsAsync(HttpMethod method, string route, object body)
    {
        using var request = new HttpRequestMessage(method, "/api/ops/" + route) { Content = JsonContent.Create(body) };
        request.Headers.Add("x-ops-key", host.Keys.Ops);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonNode> OpsGetAsync(string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ops/" + route);
        request.Headers.Add("x-ops-key", host.Keys.Ops);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task ForEachAsync(int count, int concurrency, Func<int, Task> work) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await work(i));

    /// <summary>Runs the requests and returns each one's latency in ms, and how many failed.</summary>
    private static async Task<(double[] Latencies, int Failures)> MeasureAsync(int count, int concurrency, Func<int, Task> request)
    {
        var latencies = new double[count];
        var failures = 0;
        await ForEachAsync(count, concurrency, async i =>
        {
            var one = Stopwatch.GetTimestamp();
            try
            {
                await request(i);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
            {
                Interlocked.Increment(ref failures);
            }

            latencies[i] = Stopwatch.GetElapsedTime(one).TotalMilliseconds;
        });
        return (latencies, failures);
    }

    /// <summary>Polls a condition the host reaches in its own time (the tool measures; it does not wait on durations).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Patience)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {Patience.TotalMinutes} minutes.");
            }

            await Task.Delay(10);
        }
    }
}
