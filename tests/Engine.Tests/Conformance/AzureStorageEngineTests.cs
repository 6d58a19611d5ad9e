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

    /// <summary>
    /// Durable Functions Monitor finds a task hub by its two tables, <c>{hub}Instances</c> and
    /// <c>{hub}History</c>, and reads an instance's row (name, status, custom status, times) and its history
    /// rows from them: a local run on this provider writes them as the Functions app does.
    /// </summary>
    [Fact]
    public async Task The_task_hub_is_laid_out_as_Durable_Functions_Monitor_reads_it()
    {
        await StartEngineAsync();
        var id = await StartAsync<StepsOrchestrator>("monitor");
        await RunToCompletionAsync(id);

        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        var names = new List<string>();
        await foreach (var table in tables.QueryAsync())
        {
            names.Add(table.Name);
        }

        names.ShouldContain(TaskHub + "Instances");
        names.ShouldContain(TaskHub + "History");
        var instance = (await tables.GetTableClient(TaskHub + "Instances").GetEntityAsync<Azure.Data.Tables.TableEntity>(id, string.Empty)).Value;
        instance.GetString("Name").ShouldBe(nameof(StepsOrchestrator));
        instance.GetString("RuntimeStatus").ShouldBe("Completed");
        instance.GetString("CustomStatus").ShouldBe("""{"step":3}""");
        instance.GetDateTime("CreatedTime").ShouldNotBeNull();
        var history = new List<string>();
        await foreach (var row in tables.GetTableClient(TaskHub + "History").QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == id))
        {
            history.Add(row.GetString("EventType"));
        }

        history.ShouldContain("ExecutionStarted");
        history.Count(e => e == "TaskScheduled").ShouldBe(3);
        history.ShouldContain("ExecutionCompleted");

        var queues = new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString);
        var queueNames = new List<string>();
        await foreach (var queue in queues.GetQueuesAsync(prefix: TaskHub.ToLowerInvariant()))
        {
            queueNames.Add(queue.Name);
        }

        queueNames.ShouldBe([.. Enumerable.Range(0, 4).Select(p => $"{TaskHub.ToLowerInvariant()}-control-{p:D2}"), $"{TaskHub.ToLowerInvariant()}-workitems"], ignoreOrder: true);
    }
}
