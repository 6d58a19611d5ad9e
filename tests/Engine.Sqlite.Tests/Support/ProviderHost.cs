using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Middleware;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Engine.Sqlite.Tests.Support;

/// <summary>
/// One provider on a database file in a temporary folder, DurableTask.Core's own worker and client over
/// it, and the fake clock the provider runs on. The clock starts at the real time: orchestration time
/// (<c>CurrentUtcDateTime</c>) is stamped by DurableTask.Core from the real clock, so a timer's FireAt is
/// real time plus its delay, and the test moves the fake clock there.
/// </summary>
internal sealed class ProviderHost : IAsyncDisposable
{
    private readonly List<TaskActivity> activities = [];
    private readonly List<ObjectCreator<TaskEntity>> entities = [];
    private readonly List<Func<DispatchMiddlewareContext, Func<Task>, Task>> orchestrationMiddleware = [];
    private TaskHubWorker? worker;

    public ProviderHost(string? folder = null, FakeTimeProvider? clock = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("engine-sqlite-tests-").FullName;
        OwnsFolder = folder is null;
        Clock = clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        Service = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions
        {
            DatabasePath = DatabasePath,
            TimeProvider = Clock,
            MaxConcurrentOrchestrations = 8,
            MaxConcurrentActivities = 8,
            MaxConcurrentEntities = 8,
        });
        Client = new TaskHubClient(Service);
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, "hub.db");

    public FakeTimeProvider Clock { get; }

    public SqliteOrchestrationService Service { get; }

    public TaskHubClient Client { get; }

    private bool OwnsFolder { get; }

    /// <summary>Registers an activity object (one instance serves every invocation, so a test can count them).</summary>
    public ProviderHost WithActivity(TaskActivity activity)
    {
        activities.Add(activity);
        return this;
    }

    /// <summary>Registers an entity under its (lower-case) name, as DurableTask.Core's entity dispatcher looks it up.</summary>
    public ProviderHost WithEntity(string name, TaskEntity entity)
    {
        entities.Add(new NameValueObjectCreator<TaskEntity>(name, string.Empty, entity));
        return this;
    }

    /// <summary>Runs <paramref name="middleware"/> around every orchestration work item (a test holds one there).</summary>
    public ProviderHost WithOrchestrationMiddleware(Func<DispatchMiddlewareContext, Func<Task>, Task> middleware)
    {
        orchestrationMiddleware.Add(middleware);
        return this;
    }

    public async Task<ProviderHost> StartAsync(params Type[] orchestrations)
    {
        worker = new TaskHubWorker(Service) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        orchestrationMiddleware.ForEach(worker.AddOrchestrationDispatcherMiddleware);
        worker.AddTaskOrchestrations(orchestrations);
        worker.AddTaskActivities([.. activities]);
        worker.AddTaskEntities([.. entities]);
        await worker.StartAsync();
        return this;
    }

    /// <summary>Waits until the provider has nothing left to do now (generous deadline: a hang fails the test, it never passes it).</summary>
    public Task IdleAsync() => Service.WaitForIdleAsync(Deadline.Token());

    /// <summary>Moves the fake clock forward by <paramref name="by"/>, then waits for what became due to run.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        await IdleAsync();
        Clock.Advance(by);
        await IdleAsync();
    }

    public async Task<OrchestrationState> CompletionAsync(string instanceId)
    {
        var state = await Client.WaitForOrchestrationAsync(new OrchestrationInstance { InstanceId = instanceId }, Deadline.Timeout, Deadline.Token());
        return state ?? throw new TimeoutException($"'{instanceId}' did not finish within {Deadline.Timeout}.");
    }

    /// <summary>Rows left in a table of the file (read through a connection of its own).</summary>
    public long CountRows(string table)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Stops the worker and closes the file (the folder stays for a second host unless this host made it).</summary>
    public async ValueTask StopAsync()
    {
        if (worker is not null)
        {
            await worker.StopAsync(isForced: true);
            worker.Dispose();
            worker = null;
        }

        await Service.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (OwnsFolder)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
