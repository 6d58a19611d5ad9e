using DurableTask.Core;
using EmergencyFlow.Engine.AzureStorage;
using EmergencyFlow.Engine.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EmergencyFlow.Engine.Tests.Conformance;

/// <summary>
/// The engine on Microsoft's Azure Storage provider, on Azurite, configured from the repository's
/// host.json as the Functions app is. Its timers follow queue visibility, in real time.
/// </summary>
public sealed class AzureStorageEngineTests(AzuriteFixture azurite, ITestOutputHelper output)
    : EngineBehaviourTests(output), IClassFixture<AzuriteFixture>
{
    // Azure Storage makes a timer message visible in whole seconds, so a timer may fire up to a second early.
    private static readonly TimeSpan EarlyTimerTolerance = TimeSpan.FromSeconds(1);

    protected override TimeProvider DefaultClock => TimeProvider.System;

    protected override IOrchestrationService CreateService(DurableEngineOptions options, ILoggerFactory loggers)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TASKHUB_NAME"] = TaskHub }).Build();
        var host = AzureStorageHostJson.Read(
            Path.Combine(AppContext.BaseDirectory, "host.json"), configuration, AzureStorageConnection.FromConnectionString(azurite.ConnectionString));
        return AzureStorageOrchestrationServices.Create(host.Settings, options, loggers);
    }

    protected override async Task<OrchestrationMetadata> RunToCompletionAsync(string instanceId)
    {
        using var deadline = Eventually.Deadline();
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
    }

    [Fact]
    public async Task A_durable_timer_fires_when_its_time_has_come()
    {
        await StartEngineAsync();
        var delay = TimeSpan.FromSeconds(3);

        var id = await StartAsync<SleepingOrchestrator>(delay);
        var report = (await RunToCompletionAsync(id)).ReadOutputAs<SleepReport>()!;

        report.FireAt.ShouldBe(report.Before + delay);
        report.After.ShouldBeGreaterThanOrEqualTo(report.FireAt - EarlyTimerTolerance);
    }
}
