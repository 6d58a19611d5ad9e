using DurableTask.Core;
using EmergencyFlow.Engine.Sqlite;
using EmergencyFlow.Engine.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace EmergencyFlow.Engine.Tests.Conformance;

/// <summary>
/// The engine on the embedded SQLite provider, on a fake clock: a durable timer fires when the test
/// moves the clock to it, and a test waits for the provider to be idle instead of sleeping.
/// </summary>
public sealed class SqliteEngineTests(ITestOutputHelper output) : EngineBehaviourTests(output), IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("engine-sqlite-").FullName;
    private TimeProvider clock = TimeProvider.System;

    protected override TimeProvider DefaultClock { get; } = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 8, 0, 0, TimeSpan.Zero));

    private SqliteOrchestrationService Sqlite => (SqliteOrchestrationService)Engine.OrchestrationService;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    protected override IOrchestrationService CreateService(DurableEngineOptions options, ILoggerFactory loggers)
    {
        clock = options.TimeProvider;
        return new SqliteOrchestrationService(
            new SqliteOrchestrationServiceOptions { DatabasePath = Path.Combine(folder, TaskHub + ".db"), TimeProvider = options.TimeProvider },
            loggers);
    }

    /// <summary>Waits until the provider is idle; while the instance is unfinished and a timer is due later, moves the fake clock to it.</summary>
    protected override async Task<OrchestrationMetadata> RunToCompletionAsync(string instanceId)
    {
        using var deadline = Eventually.Deadline();
        while (true)
        {
            await Sqlite.WaitForIdleAsync(deadline.Token);
            var state = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
            if (state is { IsCompleted: true })
            {
                return state;
            }

            if (clock is FakeTimeProvider fake && Sqlite.NextDueTime is { } due)
            {
                fake.SetUtcNow(due > fake.GetUtcNow() ? due : fake.GetUtcNow());
                continue;
            }

            return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
        }
    }

    [Fact]
    public async Task A_durable_timer_fires_only_once_the_clock_reaches_it()
    {
        await StartEngineAsync();
        var fake = (FakeTimeProvider)clock;
        var delay = TimeSpan.FromMinutes(60);

        var id = await StartAsync<SleepingOrchestrator>(delay);
        await Sqlite.WaitForIdleAsync();
        fake.Advance(delay - TimeSpan.FromSeconds(1));
        await Sqlite.WaitForIdleAsync();
        (await Client.GetInstanceAsync(id))!.RuntimeStatus.ShouldBe(OrchestrationRuntimeStatus.Running);

        fake.Advance(TimeSpan.FromSeconds(1));
        await Sqlite.WaitForIdleAsync();
        var report = (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<SleepReport>()!;

        report.FireAt.ShouldBe(report.Before + delay);
        report.After.ShouldBe(report.FireAt);
    }
}
