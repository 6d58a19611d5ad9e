using System.Diagnostics;
using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;
using EmergencyFlow.Engine.Sqlite;
using Microsoft.Data.Sqlite;

// Usage: dotnet run -c Release --project tools/ProviderLoad -- [orchestrations] [in-flight list] [history cache: on|off|both]
//   defaults: 1000 orchestrations, in flight 8 and 64, cache on; each run both flushed (synchronous=FULL) and not.
// Each orchestration: three activities in a row and one signal to a counter entity (an orchestration and an
// entity work item per step: 4 orchestration work items, 3 activity work items, 1 entity work item).
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var inFlight = args.Length > 1 ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [8, 64];
var caches = (args.Length > 2 ? args[2] : "on") switch { "off" => new[] { false }, "both" => [true, false], _ => [true] };
Console.WriteLine($"SQLite provider on DurableTask.Core {typeof(TaskHubWorker).Assembly.GetName().Version}: {count} orchestrations (3 activities + 1 entity signal), {Environment.ProcessorCount} cores");
Console.WriteLine("| flushed | in flight | history cache | orchestrations/s | work items/s | commits | writes/commit | mean flush |");
Console.WriteLine("|---|---|---|---|---|---|---|---|");
foreach (var durable in new[] { true, false })
{
    foreach (var cache in caches)
    {
        foreach (var n in inFlight)
        {
            await RunAsync(durable, n, cache, warmUp: true);
            await RunAsync(durable, n, cache, warmUp: false);
        }
    }
}

async Task RunAsync(bool durable, int concurrency, bool cache, bool warmUp)
{
    var folder = Directory.CreateTempSubdirectory("provider-load-").FullName;
    try
    {
        var service = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions
        {
            DatabasePath = Path.Combine(folder, "load.db"),
            Durable = durable,
            MaxConcurrentOrchestrations = 64,
            MaxConcurrentActivities = 64,
            MaxConcurrentEntities = 16,
            MaxCachedHistories = cache ? 20_000 : 0,
        });
        var worker = new TaskHubWorker(service) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddTaskOrchestrations(typeof(ThreeStepsAndASignal));
        worker.AddTaskActivities(typeof(Step));
        worker.AddTaskEntities(new NameValueObjectCreator<TaskEntity>("counter", string.Empty, typeof(CounterEntity)));
        await worker.StartAsync();
        var client = new TaskHubClient(service);

        var runs = warmUp ? Math.Min(count, 200) : count;
        using var slots = new SemaphoreSlim(concurrency);
        var before = service.WriterStats;
        var clock = Stopwatch.StartNew();
        var all = new List<Task>(runs);
        for (var i = 0; i < runs; i++)
        {
            await slots.WaitAsync();
            var id = $"o{i}";
            all.Add(Task.Run(async () =>
            {
                try
                {
                    var instance = await client.CreateOrchestrationInstanceAsync(typeof(ThreeStepsAndASignal), id, id);
                    var state = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(5));
                    if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
                    {
                        throw new InvalidOperationException($"{id} ended {state?.OrchestrationStatus}");
                    }
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(all);
        await service.WaitForIdleAsync();
        var elapsed = clock.Elapsed;
        var stats = service.WriterStats.Since(before);
        await worker.StopAsync(isForced: true);
        worker.Dispose();
        await service.DisposeAsync();
        if (!warmUp)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(durable ? "yes" : "no")} | {concurrency} | {(cache ? "on" : "off")} | {runs / elapsed.TotalSeconds:F0} | {runs * 8 / elapsed.TotalSeconds:F0} | {stats.Commits} | {stats.WritesPerCommit:F1} | {stats.MeanCommit.TotalMilliseconds:F2} ms |"));
        }
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

internal sealed class ThreeStepsAndASignal : TaskOrchestration<string, string>
{
    public override async Task<string> RunTask(OrchestrationContext context, string input)
    {
        var a = await context.ScheduleTask<string>(typeof(Step), input + "-1");
        var signal = ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = new EntityId("counter", input[^1..]).ToString() },
            Guid.ParseExact(context.OrchestrationInstance.ExecutionId, "N"),
            "add",
            "1",
            scheduledTimeUtc: null);
        context.SendEvent(signal.TargetInstance, signal.EventName, signal.AsRawInput());
        var b = await context.ScheduleTask<string>(typeof(Step), input + "-2");
        var c = await context.ScheduleTask<string>(typeof(Step), input + "-3");
        return string.Join('|', a, b, c);
    }
}

internal sealed class Step : TaskActivity<string, string>
{
    protected override string Execute(TaskContext context, string input) => input;
}

internal sealed class CounterEntity : TaskEntity
{
    public override Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest operations)
    {
        var value = operations.EntityState is null ? 0 : int.Parse(operations.EntityState, CultureInfo.InvariantCulture);
        var results = new List<OperationResult>();
        foreach (var operation in operations.Operations ?? [])
        {
            value += int.Parse(operation.Input ?? "0", CultureInfo.InvariantCulture);
            results.Add(new OperationResult());
        }

        return Task.FromResult(new EntityBatchResult { Results = results, Actions = [], EntityState = value.ToString(CultureInfo.InvariantCulture) });
    }
}
