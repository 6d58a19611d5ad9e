using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Query;
using EmergencyFlow.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>
/// A storage provider for Microsoft's Durable Task Framework core that keeps orchestrations, activities
/// and entities in one local SQLite file: the engine's zero-dependency backend.
/// </summary>
/// <remarks>
/// <para>
/// Every state change is one SQLite transaction, acknowledged only once it is on disk; concurrent
/// changes share one transaction and one flush (group commit, <see cref="SqliteDatabase"/>). A work
/// item's completion writes its new history, the instance row, the deletion of exactly the messages
/// it consumed and every message it sends, together: after a crash at any point, every orchestration
/// continues from its last committed work item (activities are at least once).
/// </para>
/// <para>
/// Queues and locks live in memory, rebuilt from the file at start: one process owns the file (a lock
/// file beside it). A work item holds its instance until it is completed, abandoned or released;
/// messages that arrive meanwhile wait for the next one. Readers wait on a signal, never on a poll
/// interval. Durable timers and delayed entity signals become visible when
/// <see cref="SqliteOrchestrationServiceOptions.TimeProvider"/> reaches their time, so a fake clock
/// drives them in tests and an accelerated one in demos.
/// </para>
/// <para>
/// Semantics follow Microsoft's Azure Storage provider where a caller can tell: entity work items on
/// their own queue, entities started by their first message, messages for an instance that does not
/// exist or has finished dropped, an instance replaced by a new start with its id unless the start's
/// dedupe statuses refuse it, purges of finished instances only, entities left out of orchestration
/// queries when asked.
/// </para>
/// </remarks>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IEntityOrchestrationService,
    IOrchestrationServicePurgeClient,
    IOrchestrationServiceQueryClient,
    IDisposable,
    IAsyncDisposable
{
    private static readonly TimeSpan AbandonBackOff = TimeSpan.FromSeconds(1);

    private readonly SqliteOrchestrationServiceOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly SqliteDatabase database;
    private readonly Lock gate = new();
    private readonly Dictionary<string, InstanceQueue> instances = new(StringComparer.Ordinal);
    private readonly SignalQueue<InstanceQueue> readyOrchestrations = new();
    private readonly SignalQueue<InstanceQueue> readyEntities = new();
    private readonly SignalQueue<StoredMessage> readyActivities = new();
    private readonly Dictionary<long, StoredMessage> lockedActivities = [];
    private readonly PriorityQueue<InstanceQueue, long> delayed = new();
    private readonly HistoryCache histories;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, OrchestrationState> entityStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskCompletionSource<OrchestrationState>>> completionWaiters = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> idleWaiters = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly ITimer delayTimer;
    private long nextMessageId;
    private long timerDue = long.MaxValue;
    private int lockedInstances;
    private int pendingWrites;
    private int disposed;

    /// <summary>
    /// Opens (creating when missing) the database file, takes the lock beside it, and loads the pending
    /// messages and activity invocations into the in-memory queues.
    /// </summary>
    /// <exception cref="DatabaseInUseException">Another process has the file open.</exception>
    public SqliteOrchestrationService(SqliteOrchestrationServiceOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        clock = options.TimeProvider;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteOrchestrationService>();
        histories = new HistoryCache(options.MaxCachedHistories);
        database = new SqliteDatabase(options.DatabasePath, Schema.Create, logger, options.Durable);
        delayTimer = clock.CreateTimer(_ => OnDelayTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            Load();
        }
        catch
        {
            delayTimer.Dispose();
            database.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => database.Path;

    /// <summary>Group-commit figures so far (commits, writes per commit, time in statements and in flushes).</summary>
    public WriterStats WriterStats => database.Stats;

    /// <summary>
    /// When the earliest message held back for later (a durable timer, a delayed signal, an abandoned
    /// work item's messages) becomes visible; null when none is. With a fake clock, advance to it.
    /// </summary>
    public DateTimeOffset? NextDueTime
    {
        get
        {
            lock (gate)
            {
                var now = Now;
                long? next = null;
                foreach (var instance in instances.Values)
                {
                    foreach (var message in instance.Pending)
                    {
                        if (message.VisibleAt > now && (next is null || message.VisibleAt < next))
                        {
                            next = message.VisibleAt;
                        }
                    }
                }

                return next is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
            }
        }
    }

    /// <summary>The clock the provider runs on.</summary>
    internal TimeProvider Clock => clock;

    /// <summary>Test seam: the database, for crash injection (<see cref="SqliteDatabase.CrashBeforeMember"/>).</summary>
    internal SqliteDatabase Database => database;

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => options.MaxConcurrentOrchestrations;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => 1;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => options.MaxConcurrentActivities;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc />
    public EntityBackendProperties EntityBackendProperties => new()
    {
        // Entity messages are delivered in send order by this provider; the window only bounds how long the
        // entity scheduler remembers sequence numbers to de-duplicate (Azure Storage's default).
        EntityMessageReorderWindow = TimeSpan.FromMinutes(30),
        MaxEntityOperationBatchSize = null,
        MaxConcurrentTaskEntityWorkItems = options.MaxConcurrentEntities,
        SupportsImplicitEntityDeletion = false,
        // Nothing in SQLite limits how far ahead a message may be: a signal is kept until its time.
        MaximumSignalDelayTime = TimeSpan.FromDays(3650),
        UseSeparateQueueForEntityWorkItems = true,
    };

    /// <inheritdoc />
    public EntityBackendQueries EntityBackendQueries => new SqliteEntityQueries(this);

    /// <inheritdoc />
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => recreateInstanceStore ? DeleteAsync() : Task.CompletedTask;

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    /// <summary>Deletes every instance, history, message and activity invocation (the file stays).</summary>
    public async Task DeleteAsync(bool deleteInstanceStore)
    {
        await WriteAsync((connection, transaction) =>
        {
            SqliteDatabase.Execute(connection, transaction, "DELETE FROM instances; DELETE FROM history; DELETE FROM messages; DELETE FROM activities;");
            return 0;
        }, () =>
        {
            instances.Clear();
            readyOrchestrations.Clear();
            readyEntities.Clear();
            readyActivities.Clear();
            lockedActivities.Clear();
            delayed.Clear();
            histories.Clear();
            entityStates.Clear();
            lockedInstances = 0;
        });
    }

    /// <inheritdoc />
    public Task StartAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>Wakes the dispatchers waiting for work, so they see the worker stopping.</summary>
    public Task StopAsync(bool isForced)
    {
        if (Volatile.Read(ref disposed) == 0)
        {
            stopping.Cancel();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <summary>
    /// Completes when nothing is left to do right now: no visible message or activity invocation waiting,
    /// no work item held, no write waiting for its commit. Messages due later (durable timers, delayed
    /// signals) do not count: advance the clock, then wait again. Tests wait on this instead of sleeping.
    /// </summary>
    /// <exception cref="SimulatedCrashException">The crash test seam stopped the writer: nothing will be idle again until a restart.</exception>
    public Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource idle;
        lock (gate)
        {
            if (database.Died is { } died)
            {
                return Task.FromException(died);
            }

            if (IsIdle())
            {
                return Task.CompletedTask;
            }

            idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idleWaiters.Add(idle);
        }

        return idle.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        stopping.Cancel();
        delayTimer.Dispose();
        database.Dispose();
        readyOrchestrations.Dispose();
        readyEntities.Dispose();
        readyActivities.Dispose();
        stopping.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private long Now => clock.GetUtcNow().UtcTicks;

    private DateTime NowUtc => clock.GetUtcNow().UtcDateTime;

    private bool IsIdle()
    {
        if (lockedInstances > 0 || lockedActivities.Count > 0 || pendingWrites > 0 || readyActivities.Count > 0)
        {
            return false;
        }

        // Ready queues may hold instances whose messages a purge took away: only visible messages count.
        var now = Now;
        foreach (var instance in instances.Values)
        {
            if (instance.Lock is null && instance.HasVisible(now))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Call under the lock after a change that may have left nothing to do.</summary>
    private void SignalIfIdle()
    {
        if (idleWaiters.Count == 0 || !IsIdle())
        {
            return;
        }

        foreach (var waiter in idleWaiters)
        {
            waiter.TrySetResult();
        }

        idleWaiters.Clear();
    }

    /// <summary>
    /// Queues a write for the group commit. <paramref name="committed"/> runs under the provider's lock,
    /// on the writer thread, once the write is on disk (in commit order): in-memory queues only ever show
    /// what is durable.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, Action? committed = null)
    {
        lock (gate)
        {
            pendingWrites++;
        }

        var write = database.WriteAsync(work, lost: null, committed: _ => Settled(committed));
        _ = write.ContinueWith(
            (_, state) => ((SqliteOrchestrationService)state!).Settled(null),
            this,
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return write;
    }

    private void Settled(Action? committed)
    {
        lock (gate)
        {
            committed?.Invoke();
            pendingWrites--;
            if (database.Died is { } died)
            {
                // After a simulated crash nothing commits again: whoever waits for idle hears it now.
                idleWaiters.ForEach(waiter => waiter.TrySetException(died));
                idleWaiters.Clear();
            }

            SignalIfIdle();
        }
    }

    private long NextId() => Interlocked.Increment(ref nextMessageId);
}
