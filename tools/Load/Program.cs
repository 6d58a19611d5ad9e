using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Numbers;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Durable;
using EmergencyFlow.Hosting.Steps;
using EmergencyFlow.LocalHost;
using EmergencyFlow.LocalHost.Http;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// Usage:
//   dotnet run -c Release --project tools/Load                      (starts its own local host on loopback)
//   dotnet run -c Release --project tools/Load -- --url http://127.0.0.1:7071 --key WEBHOOK_KEY --ops-key OPS_KEY
//   options: --calls N (default 1000), --concurrency N (default 64)
var options = LoadOptions.Parse(args);
Console.WriteLine($"EmergencyFlow load: {options.Calls} emergencies, {options.Concurrency} in flight, {Environment.ProcessorCount} cores");

await using var ownHost = options.Url is null ? await OwnHost.StartAsync() : null;
var url = options.Url ?? ownHost!.Url;
var webhookKey = options.Key ?? ownHost!.Keys.Webhook;
var opsKey = options.OpsKey ?? ownHost!.Keys.Ops;
using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };

var run = $"load{DateTime.UtcNow:HHmmss}";
var numbers = Enumerable.Range(0, options.Calls).Select(i => $"+1555{i:D7}").ToList();
await Ops(http, opsKey, HttpMethod.Put, "pool", new { numbers });
await ForEachAsync(Enumerable.Range(0, options.Calls), options.Concurrency, i => Ops(http, opsKey, HttpMethod.Put, $"agents/{run}-{i}",
    new { displayName = $"Agent {i}", acsIdentity = $"8:acs:{run}-{i}", emergencyContacts = $"contact{i}@contoso.com" }));

var dial = await MeasureAsync("dial → DND set + email written", options, i => Post(http, webhookKey, "OnCallEvent", Event(
    "EmergencyFlow.Dialer.OutboundCallPlaced.V1",
    new JsonObject { ["agentId"] = $"{run}-{i}", ["agentAcsId"] = $"8:acs:{run}-{i}", ["dialledNumber"] = "911", ["country"] = "US", ["serverCallId"] = $"{run}-call-{i}" })));
var leased = (await OpsGet(http, opsKey, "leases")).AsArray().Select(l => l!["number"]!.GetValue<string>()).ToList();
var route = await MeasureAsync("IncomingCall → routing decision", options, i => Post(http, webhookKey, "OnIncomingCall", Event(
    "Microsoft.Communication.IncomingCall",
    new JsonObject
    {
        ["to"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:" + leased[i % leased.Count] },
        ["from"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:+14255550911" },
        ["incomingCallContext"] = "ctx", ["serverCallId"] = $"{run}-callback-{i}",
    })));
var end = await MeasureAsync("call end → presence restored", options, i => Post(http, webhookKey, "OnCallEvent", Event(
    "Microsoft.Communication.CallEnded", new JsonObject { ["serverCallId"] = $"{run}-call-{i}" })));

Console.WriteLine();
Console.WriteLine("Lifecycle throughput on the embedded runtime (start + end per lifecycle, no HTTP, same in-memory adapters):");
var memory = await EngineRun.MeasureAsync(new InMemoryDurableStore(), options);
var sqliteDir = Directory.CreateTempSubdirectory("emergencyflow-load-");
var sqlite = await EngineRun.MeasureAsync(new SqliteDurableStore(new SqliteDatabase(Path.Combine(sqliteDir.FullName, "load.db"))), options);
Console.WriteLine($"  in-memory journal : {memory,8:F0} lifecycles/s");
Console.WriteLine($"  SQLite journal    : {sqlite,8:F0} lifecycles/s");
Console.WriteLine($"  SQLite overhead   : {memory / sqlite,8:F1}x");
sqliteDir.Delete(recursive: true);
return dial.Failures + route.Failures + end.Failures == 0 ? 0 : 1;

static string Event(string type, JsonObject data)
{
    var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
    return new JsonArray(new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(), ["subject"] = "load", ["eventType"] = type, ["eventTime"] = now, ["dataVersion"] = "1.0", ["data"] = data,
    }).ToJsonString();
}

static async Task Post(HttpClient http, string key, string function, string body)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/EventGrid?functionName={function}")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
    };
    request.Headers.Add("x-functions-key", key);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

static async Task Ops(HttpClient http, string key, HttpMethod method, string route, object body)
{
    using var request = new HttpRequestMessage(method, "/api/ops/" + route) { Content = JsonContent.Create(body) };
    request.Headers.Add("x-functions-key", key);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

static async Task<JsonNode> OpsGet(HttpClient http, string key, string route)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ops/" + route);
    request.Headers.Add("x-functions-key", key);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

static async Task ForEachAsync(IEnumerable<int> items, int concurrency, Func<int, Task> work) =>
    await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await work(i));

static async Task<Result> MeasureAsync(string name, LoadOptions options, Func<int, Task> request)
{
    var latencies = new double[options.Calls];
    var failures = 0;
    var total = Stopwatch.StartNew();
    await ForEachAsync(Enumerable.Range(0, options.Calls), options.Concurrency, async i =>
    {
        var one = Stopwatch.StartNew();
        try
        {
            await request(i);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref failures);
        }

        latencies[i] = one.Elapsed.TotalMilliseconds;
    });
    total.Stop();
    Array.Sort(latencies);
    var result = new Result(options.Calls / total.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), failures);
    Console.WriteLine($"  {name,-34} {result.Throughput,7:F0} req/s   p50 {result.P50,7:F1} ms   p99 {result.P99,7:F1} ms   failures {failures}");
    return result;
}

static double Percentile(double[] sorted, double p) => sorted[(int)Math.Round(p * (sorted.Length - 1))];

internal sealed record Result(double Throughput, double P50, double P99, int Failures);

internal sealed record LoadOptions(string? Url, string? Key, string? OpsKey, int Calls, int Concurrency)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new(Get("--url"), Get("--key"), Get("--ops-key"),
            int.Parse(Get("--calls") ?? "1000", CultureInfo.InvariantCulture), int.Parse(Get("--concurrency") ?? "64", CultureInfo.InvariantCulture));
    }
}

/// <summary>A local host started by the load tool itself, on a fresh temporary database, real clock.</summary>
internal sealed class OwnHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _data;

    private OwnHost(WebApplication app, DirectoryInfo data)
    {
        _app = app;
        _data = data;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Keys = app.Services.GetRequiredService<HostKeys>();
    }

    public string Url { get; }

    public HostKeys Keys { get; }

    public static async Task<OwnHost> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("emergencyflow-load-host-");
        var app = LocalHostApp.Build(["--urls", "http://127.0.0.1:0", "--EmergencyFlow:DataDirectory=" + data.FullName, "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        return new OwnHost(app, data);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Delete(recursive: true);
    }
}

/// <summary>The same lifecycle workload straight on the engine, to compare journal stores.</summary>
internal static class EngineRun
{
    public static async Task<double> MeasureAsync(IDurableStore store, LoadOptions options)
    {
        await store.UpdatePoolAsync(pool => CallbackPool.AddNumbers(pool, Enumerable.Range(0, options.Calls).Select(i => $"+1666{i:D7}").ToList()));
        var adapters = new NullAdapters();
        var steps = new LifecycleSteps(adapters, adapters, adapters, adapters, adapters, NullLogger<LifecycleSteps>.Instance);
        var engine = new LifecycleEngine(store, LifecycleStepRegistry.Create(steps), new SystemClock());
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Calls), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
        {
            var call = new OutboundCallPlaced($"agent-{i}", $"8:acs:agent-{i}", "911", "US", new CallKey($"engine-{i}", null), DateTimeOffset.UtcNow, null);
            await engine.StartAsync(CallEvents.OnPlaced(call, NumberPlan.Default, LifecycleSettings.Default).Input!);
            await engine.DeliverCallEndAsync(call.Call, new CallEnd(DateTimeOffset.UtcNow, CallEndSource.Acs));
        });
        return options.Calls / clock.Elapsed.TotalSeconds;
    }

    private sealed class NullAdapters : IPresenceGateway, IAgentDirectory, IEmailSender, IOperatorAlerts, IStepMemory
    {
        public Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken) => Task.FromResult(new PresenceSnapshot("Available", null));

        public Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken) =>
            Task.FromResult<AgentProfile?>(new(agentId, agentId, "8:acs:" + agentId, "contact@contoso.com"));

        public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => Task.FromResult(NotificationTemplate.Default);

        public Task<string> SendAsync(ComposedNotification message, CancellationToken cancellationToken) => Task.FromResult(message.IdempotencyKey);

        public Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<string?> RecallAsync(string key, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task RememberAsync(string key, string value, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
