using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EmergencyFlow.Engine.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using EmergencyFlow.Http.Webhook;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>
/// A real local host on a loopback port with a virtual clock: the engine's timers fire when a test
/// moves the clock, and tests wait for the engine to be idle, so nothing depends on sleeping.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public const string WebhookKey = "test-webhook-key-0123456789-abcdefghij";
    public const string OpsKey = "test-ops-key-0123456789-abcdefghijklmno";
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    private readonly bool _ownsData;

    private TestHost(WebApplication app, string dataDirectory, bool ownsData, FakeTimeProvider clock, FakeLoggerProvider logs)
    {
        _ownsData = ownsData;
        App = app;
        DataDirectory = dataDirectory;
        Clock = clock;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address) };
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Every log record the host writes (Microsoft's fake logger).</summary>
    public FakeLoggerProvider Logs { get; }

    /// <summary>Every log line, formatted, with its category and exception.</summary>
    public IEnumerable<string> LogLines => Logs.Collector.GetSnapshot().Select(r => $"{r.Category}: {r.Message} {r.Exception}");

    public HttpClient Http { get; }

    /// <summary>The durable engine's storage provider (the local host's default, on the data folder).</summary>
    public SqliteOrchestrationService Sqlite => (SqliteOrchestrationService)App.Services.GetRequiredService<DurableTask.Core.IOrchestrationService>();

    public string OutboxDirectory => Path.Combine(DataDirectory, "outbox");

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("emergencyflow-test-").FullName;

    /// <summary>Starts a host over <paramref name="dataDirectory"/> (a second host over the same folder is a restart).</summary>
    public static async Task<TestHost> StartAsync(string? dataDirectory = null, FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null, params string[] settings)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        clock ??= new FakeTimeProvider(T0);
        var logs = new FakeLoggerProvider();
        var app = LocalHostApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--EmergencyFlow:DataDirectory=" + dataDirectory,
                "--EmergencyFlow:WebhookKey=" + WebhookKey,
                "--EmergencyFlow:OpsKey=" + OpsKey,
                "--Logging:LogLevel:Default=Information",
                .. settings,
            ],
            services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<ILoggerProvider>(logs);
                configure?.Invoke(services);
            });
        await app.StartAsync();
        return new TestHost(app, dataDirectory, ownsData, clock, logs);
    }

    public static JsonArray Sample(string name, string schema = "eventgrid")
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "events", schema, name + ".json")))!;
        return node as JsonArray ?? [node];
    }

    /// <summary>The sample with its data edited (e.g. another call id or called number).</summary>
    public static JsonArray Sample(string name, Action<JsonNode> editData, string schema = "eventgrid")
    {
        var events = Sample(name, schema);
        foreach (var e in events)
        {
            editData(e!["data"]!);
        }

        return events;
    }

    public Task<HttpResponseMessage> PostAsync(JsonNode body, string functionName = FunctionNames.OnCallEvent, string? key = WebhookKey) =>
        PostRawAsync(body.ToJsonString(), functionName, key);

    /// <summary>Posts to the webhook, then waits until the lifecycles it started have reached their first wait (the webhook answers before that).</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string body, string functionName = FunctionNames.OnCallEvent, string? key = WebhookKey)
    {
        var response = await PostOnlyAsync(body, functionName, key);
        await IdleAsync();
        return response;
    }

    /// <summary>Posts to the webhook and returns its answer, without waiting for the runs it started.</summary>
    public async Task<HttpResponseMessage> PostOnlyAsync(string body, string functionName = FunctionNames.OnCallEvent, string? key = WebhookKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/runtime/webhooks/EventGrid?functionName={functionName}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("aeg-event-type", "Notification");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await Http.SendAsync(request);
    }

    public async Task<JsonNode> OpsAsync(string route)
    {
        using var response = await OpsSendAsync(HttpMethod.Get, route);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<HttpResponseMessage> OpsSendAsync(HttpMethod method, string route, object? body = null, string? key = OpsKey)
    {
        using var request = new HttpRequestMessage(method, "/api/ops/" + route);
        if (key is not null)
        {
            request.Headers.Add("x-ops-key", key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Waits until the engine has nothing left to do now (timers due later do not count).</summary>
    public async Task IdleAsync()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Sqlite.WaitForIdleAsync(patience.Token);
    }

    /// <summary>Moves virtual time to <paramref name="at"/> one due timer after another, letting the engine finish each.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        await IdleAsync();
        while (Sqlite.NextDueTime is { } due && due <= at)
        {
            Clock.AdvanceTo(due);
            await IdleAsync();
        }

        Clock.AdvanceTo(at);
        await IdleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
