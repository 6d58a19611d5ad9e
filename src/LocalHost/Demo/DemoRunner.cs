using System.Globalization;
using System.Text.Json.Nodes;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Privacy;
using Microsoft.DurableTask.Client;
using EmergencyFlow.LocalHost.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using EmergencyFlow.Http.Webhook;
using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.LocalHost.Demo;

/// <summary>The demo's options.</summary>
/// <param name="Speed">How many times faster than the wall clock the virtual clock runs.</param>
/// <param name="HostSettings">Configuration overrides for the demo's host (--Section:Name=value).</param>
public sealed record DemoSettings(double Speed, IReadOnlyList<string> HostSettings)
{
    /// <summary>One virtual minute per 100 ms.</summary>
    public const double DefaultSpeed = 600;
}

/// <summary>
/// Plays one complete emergency on an accelerated clock (by default one virtual minute per 100 ms) against a
/// real local host on a loopback port, and prints what happens, in order.
/// </summary>
public static class DemoRunner
{
    /// <summary>Runs the demo; returns the process exit code.</summary>
    public static async Task<int> RunAsync(DemoSettings settings, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var speed = settings.Speed;
        var dataDirectory = Path.Combine(".data", "demo");
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, DateTimeOffset.UtcNow.Day, 19, 0, 0, TimeSpan.Zero);
        var clock = new AcceleratedTimeProvider(start, speed);
        string[] hostArgs =
        [
            "--urls", "http://127.0.0.1:0",
            $"--{EmergencyFlowOptions.Section}:DataDirectory={dataDirectory}",
            "--Logging:LogLevel:Default=Warning",
            .. settings.HostSettings,
        ];
        await using var app = LocalHostApp.Build(hostArgs, services => services.AddSingleton<TimeProvider>(clock));
        var timeline = app.Services.GetRequiredService<Timeline>();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var printed = new Lock();
        void Print(DateTimeOffset at, string what)
        {
            lock (printed)
            {
                Console.WriteLine($"  {at:HH:mm}  {what}");
            }
        }

        timeline.Added += entry => Print(entry.At, entry.What);

        await app.StartAsync(cancellation);
        clock.Restart();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var keys = app.Services.GetRequiredService<HostKeys>();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Add("x-functions-key", keys.Webhook);

        Console.WriteLine($"""

            EmergencyFlow demo — one emergency call, start to finish, on a clock running {speed:0}x
            (local host on {address}; data in {Path.GetFullPath(dataDirectory)})

            """);

        var dialledAt = clock.GetUtcNow();
        await PostAsync(http, "outbound-call-placed", dialledAt, FunctionNames.OnCallEvent, placedAt: dialledAt);
        var instance = (await OpsAsync<List<EmergencyView>>(http, keys, "emergencies")).Single();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var stages = PrintStagesAsync(client, instance.InstanceId, clock, Print, stop.Token);
        var lease = await UntilAsync(async () => (await OpsAsync<List<LeaseView>>(http, keys, "leases")).SingleOrDefault());

        await WaitUntilAsync(clock, start.AddMinutes(5));
        Print(clock.GetUtcNow(), "the emergency service calls back the number it was given:");
        await PostAsync(http, "incoming-call", clock.GetUtcNow(), FunctionNames.OnIncomingCall, lease.Number);

        await WaitUntilAsync(clock, start.AddMinutes(12));
        Print(clock.GetUtcNow(), "the agent hangs up:");
        await PostAsync(http, "outbound-call-ended", clock.GetUtcNow(), FunctionNames.OnCallEvent, placedAt: dialledAt);

        await WaitUntilAsync(clock, start.AddMinutes(40));
        Print(clock.GetUtcNow(), "a second callback, still inside the 60-minute window:");
        await PostAsync(http, "incoming-call", clock.GetUtcNow(), FunctionNames.OnIncomingCall, lease.Number);

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await OpsAsync<List<EmergencyView>>(http, keys, "emergencies")).Single().Stage != LifecycleStage.Completed && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Print(clock.GetUtcNow(), $"callback number {Mask.Phone(lease.Number)} is back in the pool; a call to it now:");
        await PostAsync(http, "incoming-call", clock.GetUtcNow(), FunctionNames.OnIncomingCall, lease.Number);

        var final = (await OpsAsync<List<EmergencyView>>(http, keys, "emergencies")).Single();
        await stop.CancelAsync();
        await stages.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var outbox = Directory.GetFiles(app.Services.GetRequiredService<LocalOptions>().OutboxDirectory, "*.eml");
        Console.WriteLine($"""

            Lifecycle {instance.InstanceId}: {final.Stage}; alerts: {(final.Alerts.Count == 0 ? "none" : string.Join(", ", final.Alerts))}.
            The email the contacts received: {Path.GetFullPath(outbox.Single())}
            Phone numbers and addresses above are masked, as in every log line (the email itself has them in clear).

            """);
        await app.StopAsync();
        return final.Stage == LifecycleStage.Completed ? 0 : 1;
    }

    private static async Task PostAsync(
        HttpClient http, string sample, DateTimeOffset now, string functionName, string? calledNumber = null, DateTimeOffset? placedAt = null)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "events", "eventgrid", sample + ".json");
        var events = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsArray();
        var time = now.ToString("O", CultureInfo.InvariantCulture);
        foreach (var e in events)
        {
            e!["eventTime"] = time;
            var data = e["data"]!;
            if (data["placedAt"] is not null)
            {
                // The dialer's ended event repeats when the call was placed: the demo's own dial, not the sample's date.
                data["placedAt"] = (placedAt ?? now).ToString("O", CultureInfo.InvariantCulture);
            }

            if (data["endedAt"] is not null)
            {
                data["endedAt"] = time;
            }

            if (calledNumber is not null)
            {
                data["to"]!["rawId"] = "4:" + calledNumber;
                data["to"]!["phoneNumber"]!["value"] = calledNumber;
            }
        }

        using var response = await http.PostAsync($"/runtime/webhooks/EventGrid?functionName={functionName}",
            new StringContent(events.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<T> OpsAsync<T>(HttpClient http, HostKeys keys, string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/ops/{route}");
        request.Headers.Add("x-ops-key", keys.Ops);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(OpsJson.Options))!;
    }

    /// <summary>Prints each stage the lifecycle reports (its custom status) as it changes.</summary>
    private static async Task PrintStagesAsync(DurableTaskClient client, string instanceId, TimeProvider clock, Action<DateTimeOffset, string> print, CancellationToken cancellation)
    {
        LifecycleStage? last = null;
        while (!cancellation.IsCancellationRequested)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellation);
            if (instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<LifecycleStatus>() is { } status && status.Stage != last)
            {
                last = status.Stage;
                print(clock.GetUtcNow(), $"   stage → {status.Stage}");
            }

            await Task.Delay(20, cancellation);
        }
    }

    /// <summary>Reads until there is a value (the webhook answers before the lifecycle's first steps are done).</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T?>> read)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("The lifecycle did not lease a callback number within 30 seconds.");
            }

            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(TimeProvider clock, DateTimeOffset at)
    {
        while (clock.GetUtcNow() < at)
        {
            await Task.Delay(10);
        }
    }
}
