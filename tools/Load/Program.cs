using System.Collections.Concurrent;
using System.CommandLine;
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
using EmergencyFlow.LocalHost;
using EmergencyFlow.LocalHost.Http;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Presence;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Alerts;

// Usage:
//   dotnet run -c Release --project tools/Load                      (starts its own local host on loopback)
//   dotnet run -c Release --project tools/Load -- --url http://127.0.0.1:7071 --key WEBHOOK_KEY --ops-key OPS_KEY
//   options: --calls N (dials per phase, default 1000)  --concurrency N (requests in flight, default 64)
//            --pool N (callback numbers, default 2 x max(calls, warm-up))  --warmup N (dials per warm-up wave, not measured, default 1000)  --mode durable|non-durable (own host's SQLite: flushed
//            commits, or synchronous=OFF to show what the flush costs; default durable)  --skip-engine
var (options, exitCode) = LoadOptions.Parse(args);
if (options is null)
{
    return exitCode;
}

Console.WriteLine($"EmergencyFlow load: {options.Calls} dials per phase, {options.Concurrency} in flight, pool {options.Pool}, {options.Mode}, {Environment.ProcessorCount} cores");

await using var ownHost = options.Url is null ? await OwnHost.StartAsync(options.Mode == "durable") : null;
var url = options.Url ?? ownHost!.Url;
var webhookKey = options.Key ?? ownHost!.Keys.Webhook;
var opsKey = options.OpsKey ?? ownHost!.Keys.Ops;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };

var run = $"load{DateTime.UtcNow:HHmmss}";
var numbers = Enumerable.Range(0, options.Pool).Select(i => $"+1555{i:D7}").ToList();
await Ops(http, opsKey, HttpMethod.Put, "pool", new { numbers });
await ForEachAsync(Enumerable.Range(0, 2 * options.Calls), options.Concurrency, i => Ops(http, opsKey, HttpMethod.Put, $"agents/{run}-{i}",
    new { displayName = $"Agent {i}", acsIdentity = $"8:acs:{run}-{i}", emergencyContacts = $"contact{i}@contoso.com" }));

Func<string, Task> dialAs = id => Post(http, webhookKey, "OnCallEvent", Event(
    "EmergencyFlow.Dialer.OutboundCallPlaced.V1",
    new JsonObject { ["agentId"] = id, ["agentAcsId"] = $"8:acs:{id}", ["dialledNumber"] = "911", ["country"] = "US", ["serverCallId"] = $"{id}-call" }));
Func<string, Task> endAs = id => Post(http, webhookKey, "OnCallEvent", Event("Microsoft.Communication.CallEnded", new JsonObject { ["serverCallId"] = $"{id}-call" }));
Func<string, string, Task> callback = (number, id) => Post(http, webhookKey, "OnIncomingCall", Event(
    "Microsoft.Communication.IncomingCall",
    new JsonObject
    {
        ["to"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:" + number },
        ["from"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:+14255550911" },
        ["incomingCallContext"] = "ctx", ["serverCallId"] = id,
    }));
Func<int, Task> dial = i => dialAs($"{run}-{i}");
var rows = new List<Row>();

// Warm-up, not measured: the measured phases' requests on other agents (dials; callbacks beside a
// second wave of dials; call ends), so the figures are the steady state and not the JIT compiling
// and re-compiling the host's code (perf: ~12% of a cold run's CPU was the JIT; the JIT times below
// show what is left of it).
if (options.Warmup > 0)
{
    var warm = Enumerable.Range(0, 2 * options.Warmup).Select(i => $"{run}-w{i}").ToList();
    await ForEachAsync(Enumerable.Range(0, warm.Count), options.Concurrency, i => Ops(http, opsKey, HttpMethod.Put, $"agents/{warm[i]}",
        new { displayName = $"Warm-up agent {i}", acsIdentity = $"8:acs:{warm[i]}", emergencyContacts = $"warm{i}@contoso.com" }));
    await ForEachAsync(Enumerable.Range(0, options.Warmup), options.Concurrency, i => dialAs(warm[i]));
    await Task.WhenAll(
        ForEachAsync(Enumerable.Range(0, options.Warmup), options.Concurrency, i => callback(numbers[i % numbers.Count], $"{warm[i]}-callback")),
        ForEachAsync(Enumerable.Range(options.Warmup, options.Warmup), options.Concurrency, i => dialAs(warm[i])));
    if (ownHost is not null)
    {
        await ownHost.Engine.IdleAsync();
    }

    await ForEachAsync(Enumerable.Range(0, warm.Count), options.Concurrency, i => endAs(warm[i]));

    // The warm-up's callback numbers go back to the pool (an operator's release), so the measured
    // phases see the whole pool: a small pool is warmed up too, through its exhausted path if need be.
    var warmLeases = (await OpsGet(http, opsKey, "leases")).AsArray().Select(l => l!["number"]!.GetValue<string>()).ToList();
    await ForEachAsync(Enumerable.Range(0, warmLeases.Count), options.Concurrency,
        i => Ops(http, opsKey, HttpMethod.Post, $"leases/{Uri.EscapeDataString(warmLeases[i])}/release", new { }));
    Console.WriteLine($"  warm-up: {warm.Count} dials, {options.Warmup} callbacks, {warm.Count} call ends, {warmLeases.Count} leases released (not measured)");
    PrintJit("after the warm-up");
}

// Phase 1: dials alone. The webhook answers once the start is stored; the own host also times, per
// dial, when the SetDoNotDisturb and SendNotification steps' journal entries are on disk.
rows.AddRange(await DialPhaseAsync("dial", 0, null));

// Phase 2: callbacks to the numbers phase 1 leased, while a second wave of dials runs.
var leased = (await OpsGet(http, opsKey, "leases")).AsArray().Select(l => l!["number"]!.GetValue<string>()).ToList();
var routeWhileDialling = MeasureAsync("IncomingCall → routing (dials running)", options.Calls, options.Concurrency,
    i => callback(leased[i % leased.Count], $"{run}-callback-{i}"));
var secondWave = DialPhaseAsync("second wave (callbacks beside it): dial", options.Calls, routeWhileDialling);
rows.AddRange(await secondWave);

// Phase 3: every call ends.
rows.Add(await MeasureAsync("call end → presence restored", 2 * options.Calls, options.Concurrency, i => endAs($"{run}-{i}"), ownHost?.Database));

double? ratio = null;
if (!options.SkipEngine)
{
    // The same start-and-end workload straight on the embedded runtime: the journal store is the only difference.
    var memory = await EngineRun.MeasureAsync(new InMemoryDurableStore(), options);
    var sqliteDir = Directory.CreateTempSubdirectory("emergencyflow-load-");
    using (var db = new SqliteDatabase(Path.Combine(sqliteDir.FullName, "load.db"), durable: options.Mode == "durable"))
    {
        var sqlite = await EngineRun.MeasureAsync(new SqliteDurableStore(db), options);
        rows.Add(new Row("runtime, in-memory journal (lifecycles/s)", memory, double.NaN, double.NaN, double.NaN, 0));
        rows.Add(new Row($"runtime, SQLite journal, {options.Mode} (lifecycles/s)", sqlite, double.NaN, double.NaN, double.NaN, 0));
        ratio = memory / sqlite;
    }

    SqliteConnection.ClearAllPools();
    sqliteDir.Delete(recursive: true);
}

Console.WriteLine();
Console.WriteLine($"| measure | throughput/s | p50 ms | p99 ms | p99.9 ms | failures |");
Console.WriteLine($"|---|---|---|---|---|---|");
foreach (var row in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {row.Name} | {Num(row.Throughput, "F0")} | {Num(row.P50, "F1")} | {Num(row.P99, "F1")} | {Num(row.P999, "F1")} | {row.Failures} |"));
}

if (ratio is { } r)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| in-memory ÷ SQLite | {r:F2}x | | | | |"));
}

return rows.Sum(r => r.Failures) == 0 ? 0 : 1;

// Dials calls [offset, offset + calls): the acknowledgment, then (own host) DND set and DND + email
// written per dial, with the throughput of dials that got that far. `beside` runs concurrently.
async Task<List<Row>> DialPhaseAsync(string name, int offset, Task<Row>? beside)
{
    var before = ownHost?.Database.Stats;
    var sent = new long[options.Calls];
    var phase = Stopwatch.StartNew();
    var acknowledged = await MeasureAsync($"{name} → acknowledged (start stored)", options.Calls, options.Concurrency, i =>
    {
        sent[i] = Stopwatch.GetTimestamp();
        return dial(offset + i);
    });
    var phaseRows = new List<Row>();
    if (beside is not null)
    {
        phaseRows.Add(await beside);
    }

    phaseRows.Add(acknowledged);
    if (ownHost is null)
    {
        return phaseRows;
    }

    await ownHost.Engine.IdleAsync();
    phase.Stop();
    foreach (var (label, times) in new[] { ("DND set", ownHost.DndTimes), ("DND + email written", ownHost.EmailTimes) })
    {
        var reached = Enumerable.Range(0, options.Calls)
            .Select(i => times.TryGetValue(new CallKey($"{run}-{offset + i}-call", null).InstanceId, out var at) ? (Sent: sent[i], At: at) : default)
            .Where(t => t.At != 0).ToList();
        var last = reached.Count == 0 ? 0 : reached.Max(t => t.At);
        var throughput = reached.Count == 0 ? double.NaN : reached.Count / Stopwatch.GetElapsedTime(sent.Min(), last).TotalSeconds;
        phaseRows.Add(Row.Of($"{name} → {label}", [.. reached.Select(t => Stopwatch.GetElapsedTime(t.Sent, t.At).TotalMilliseconds)], throughput, options.Calls - reached.Count));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {phaseRows[^1].Name,-58} {phaseRows[^1].Throughput,7:F0}/s   p50 {phaseRows[^1].P50,7:F1} ms   p99 {phaseRows[^1].P99,7:F1} ms   p99.9 {phaseRows[^1].P999,7:F1} ms   not reached {phaseRows[^1].Failures}"));
    }

    PrintWriter(ownHost.Database.Stats.Since(before!), phase.Elapsed);
    PrintJit("after the phase");
    return phaseRows;
}

static string Num(double value, string format) => double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);

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
    request.Headers.Add("x-ops-key", key);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
}

static async Task<JsonNode> OpsGet(HttpClient http, string key, string route)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ops/" + route);
    request.Headers.Add("x-ops-key", key);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

static async Task ForEachAsync(IEnumerable<int> items, int concurrency, Func<int, Task> work) =>
    await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await work(i));

static async Task<Row> MeasureAsync(string name, int calls, int concurrency, Func<int, Task> request, SqliteDatabase? writer = null)
{
    var before = writer?.Stats;
    var latencies = new double[calls];
    var failures = 0;
    var total = Stopwatch.StartNew();
    await ForEachAsync(Enumerable.Range(0, calls), concurrency, async i =>
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
    var row = Row.Of(name, latencies, calls / total.Elapsed.TotalSeconds, failures);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {name,-58} {row.Throughput,7:F0}/s   p50 {row.P50,7:F1} ms   p99 {row.P99,7:F1} ms   p99.9 {row.P999,7:F1} ms   failures {failures}"));
    if (writer is not null)
    {
        PrintWriter(writer.Stats.Since(before!), total.Elapsed);
    }

    return row;
}

static void PrintJit(string when) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"    JIT {when}: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods compiled so far, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms in the JIT"));

static void PrintWriter(WriterStats w, TimeSpan elapsed) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"    writer: {w.Commits} commits ({w.Commits / elapsed.TotalSeconds:F0}/s), {w.WritesPerCommit:F1} writes each, statements {w.MeanWork.TotalMilliseconds:F2} ms + commit {w.MeanCommit.TotalMilliseconds:F2} ms per batch, busy {(w.WorkTicks + w.CommitTicks) * 100.0 / Stopwatch.Frequency / elapsed.TotalSeconds:F0}%"));

internal sealed record Row(string Name, double Throughput, double P50, double P99, double P999, int Failures)
{
    public static Row Of(string name, double[] latencies, double throughput, int failures)
    {
        var sorted = latencies.Order().ToArray();
        return new(name, throughput, Percentile(sorted, 0.50), Percentile(sorted, 0.99), Percentile(sorted, 0.999), failures);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}

internal sealed record LoadOptions(string? Url, string? Key, string? OpsKey, int Calls, int Concurrency, int Pool, string Mode, bool SkipEngine, int Warmup)
{
    /// <summary>The options; null (with the exit code: 0 after --help, else 1) when only help was asked for or the arguments were refused.</summary>
    public static (LoadOptions? Options, int ExitCode) Parse(string[] args)
    {
        var url = new Option<string?>("--url") { Description = "A running host to load (default: start an own local host on loopback)." };
        var key = new Option<string?>("--key") { Description = "The webhook key of that host." };
        var opsKey = new Option<string?>("--ops-key") { Description = "The ops key of that host." };
        var calls = new Option<int>("--calls") { Description = "Dials per phase.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight.", DefaultValueFactory = _ => 64 };
        var pool = new Option<int?>("--pool") { Description = "Callback numbers in the pool (default: 2 x the larger of calls and warm-up)." };
        var warmup = new Option<int>("--warmup") { Description = "Dials per warm-up wave (two waves, callbacks beside the second, then the call ends), not measured.", DefaultValueFactory = _ => 1000 };
        var mode = new Option<string>("--mode") { Description = "Own host's SQLite: durable (flushed commits) or non-durable (synchronous=OFF).", DefaultValueFactory = _ => "durable" };
        mode.AcceptOnlyFromAmong("durable", "non-durable");
        var skipEngine = new Option<bool>("--skip-engine") { Description = "Skip the runtime-alone measure." };
        var root = new RootCommand("EmergencyFlow load: dials, call ends and routing against a local host; prints one table.")
        {
            url, key, opsKey, calls, concurrency, pool, mode, skipEngine, warmup,
        };
        LoadOptions? parsed = null;
        root.SetAction(result =>
        {
            var count = result.GetValue(calls);
            var warm = result.GetValue(warmup);
            parsed = new(result.GetValue(url), result.GetValue(key), result.GetValue(opsKey), count, result.GetValue(concurrency),
                result.GetValue(pool) ?? Math.Max(2 * count, 2 * warm), result.GetValue(mode)!, result.GetValue(skipEngine), warm);
        });
        var exitCode = root.Parse(args).Invoke();
        return (exitCode == 0 ? parsed : null, exitCode);
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
        Keys = app.Services.GetRequiredService<HostKeys>();
    }

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public HostKeys Keys { get; }

    public SqliteDatabase Database => _app.Services.GetRequiredService<SqliteDatabase>();

    public LifecycleEngine Engine => _app.Services.GetRequiredService<LifecycleEngine>();

    /// <summary>When each lifecycle's SetDoNotDisturb step was journaled (Stopwatch timestamps).</summary>
    public ConcurrentDictionary<string, long> DndTimes { get; } = new(StringComparer.Ordinal);

    /// <summary>When each lifecycle's SendNotification step (the .eml written) was journaled.</summary>
    public ConcurrentDictionary<string, long> EmailTimes { get; } = new(StringComparer.Ordinal);

    public static async Task<OwnHost> StartAsync(bool durable)
    {
        var data = Directory.CreateTempSubdirectory("emergencyflow-load-host-");
        var app = LocalHostApp.Build(
            ["--urls", "http://127.0.0.1:0", "--EmergencyFlow:DataDirectory=" + data.FullName, "--Logging:LogLevel:Default=Warning"],
            services => services.AddSingleton(sp => new SqliteDatabase(sp.GetRequiredService<LocalOptions>().DatabaseFile, durable: durable)));
        var host = new OwnHost(app, data);
        app.Services.GetRequiredService<LifecycleEngine>().ActionCompleted += (instanceId, entry) =>
        {
            if (entry.Name == Steps.SetDoNotDisturb.Name)
            {
                host.DndTimes.TryAdd(instanceId, Stopwatch.GetTimestamp());
            }
            else if (entry.Name == Steps.SendNotification.Name)
            {
                host.EmailTimes.TryAdd(instanceId, Stopwatch.GetTimestamp());
            }
        };
        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }
}

/// <summary>The same lifecycle workload straight on the engine, to compare journal stores.</summary>
internal static class EngineRun
{
    public static async Task<double> MeasureAsync(IDurableStore store, LoadOptions options)
    {
        await store.UpdatePoolAsync(pool => CallbackPool.AddNumbers(pool, Enumerable.Range(0, Math.Max(options.Pool, options.Calls)).Select(i => $"+1666{i:D7}").ToList()));
        var adapters = new NullAdapters();
        var steps = new LifecycleSteps(adapters, adapters, adapters, adapters, adapters, NullLogger<LifecycleSteps>.Instance);
        var engine = new LifecycleEngine(store, LifecycleStepRegistry.Create(steps), TimeProvider.System);
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

        public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AgentProfile>>([]);

        public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken) => Task.FromResult(EmailReceipt.Accepted(message.IdempotencyKey));

        public Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<string?> RecallAsync(string key, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task RememberAsync(string key, string value, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
