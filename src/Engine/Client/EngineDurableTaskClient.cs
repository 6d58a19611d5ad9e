using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Tracing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using CoreOrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace EmergencyFlow.Engine.Client;

/// <summary>
/// A <see cref="DurableTaskClient"/> over a DurableTask.Core orchestration service, with the semantics
/// Durable Functions gives code written against <see cref="DurableTaskClient"/>, so shared code behaves
/// the same on both hosts.
/// </summary>
/// <remarks>
/// <para>
/// Starting an instance id that is Pending, Running or Suspended throws
/// <see cref="OrchestrationAlreadyExistsException"/> and leaves that instance alone (unlike Microsoft's
/// own shim, this client never terminates a live instance to make room). An id whose instance has
/// finished is started afresh, unless its status is named in
/// <see cref="StartOrchestrationOptions.DedupeStatuses"/>, which adds statuses to refuse; the live ones
/// are always refused.
/// </para>
/// <para>
/// Times this client writes (an instance's creation time, event timestamps, when a scheduled signal is
/// due) come from <see cref="DurableEngineOptions.TimeProvider"/>, the clock orchestrations see.
/// </para>
/// </remarks>
public sealed class EngineDurableTaskClient : DurableTaskClient
{
    private static readonly OrchestrationStatus[] LiveStatuses =
        [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];

    private static readonly TimeSpan LongestStartPoll = TimeSpan.FromSeconds(1);

    private readonly IOrchestrationServiceClient client;
    private readonly DataConverter converter;
    private readonly TimeProvider clock;
    private readonly EngineDurableEntityClient? entities;

    /// <summary>A client over <paramref name="client"/>, with the engine's serializer and clock.</summary>
    public EngineDurableTaskClient(IOrchestrationServiceClient client, DurableEngineOptions options)
        : base(options?.ClientName ?? throw new ArgumentNullException(nameof(options)))
    {
        ArgumentNullException.ThrowIfNull(client);
        options.Validate();
        this.client = client;
        converter = options.DataConverter;
        clock = options.TimeProvider;
        if (client is IEntityOrchestrationService { EntityBackendQueries: not null, EntityBackendProperties: not null } entityService)
        {
            entities = new EngineDurableEntityClient(Name, client, entityService, converter, clock);
        }
    }

    /// <inheritdoc />
    public override DurableEntityClient Entities =>
        entities ?? throw new NotSupportedException($"{client.GetType().Name} does not answer entity queries.");

    /// <inheritdoc />
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName.Name, nameof(orchestratorName));
        var refused = RefusedStatuses(options?.DedupeStatuses);
        var instanceId = string.IsNullOrEmpty(options?.InstanceId) ? Guid.NewGuid().ToString("N") : options.InstanceId;

        // The provider checks the same statuses when it creates the instance (Azure Storage throws only when
        // ThrowExceptionOnInvalidDedupeStatus is set, and returns quietly otherwise): checking here first
        // makes the refusal the same on every provider.
        var existing = await GetInstanceStateAsync(instanceId, cancellation);
        if (existing is not null && refused.Contains(existing.OrchestrationStatus))
        {
            throw new OrchestrationAlreadyExistsException(
                $"An orchestration with instance id '{instanceId}' already exists with status {existing.OrchestrationStatus}.");
        }

        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        var started = new ExecutionStartedEvent(-1, converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags) : null,
            ParentTraceContext = Activity.Current is { Id: not null } activity ? new DistributedTraceContext(activity.Id, activity.TraceStateString) : null,
            // Providers take the instance's creation time from this event: the engine's clock, like the orchestration's.
            Timestamp = clock.GetUtcNow().UtcDateTime,
        };

        cancellation.ThrowIfCancellationRequested();
        await client.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = started }, refused);
        return instanceId;
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await GetInstanceStateAsync(instanceId, cancellation);
        return state?.ToMetadata(converter, getInputsAndOutputs);
    }

    /// <inheritdoc />
    /// <remarks>Lists orchestrations only; entities are listed by <see cref="DurableEntityClient.GetAllEntitiesAsync(EntityQuery?)"/>.</remarks>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var queries = client as IOrchestrationServiceQueryClient
            ?? throw new NotSupportedException($"{client.GetType().Name} does not answer instance queries.");
        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var query = new CoreOrchestrationQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(status => status.ToCore()).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                TaskHubNames = filter?.TaskHubNames?.ToList(),
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
                ExcludeEntities = true,
            };
            var result = await queries.GetOrchestrationWithQueryAsync(query, cancellation);

            // Filtered here as well, for a provider that ignores ExcludeEntities: a page may then come back short.
            var page = result.OrchestrationState
                .Where(state => !IsEntity(state.OrchestrationInstance.InstanceId))
                .Select(state => state.ToMetadata(converter, query.FetchInputsAndOutputs))
                .ToList();
            return new Page<OrchestrationMetadata>(page, result.ContinuationToken);
        });
    }

    /// <inheritdoc />
    public override async Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        var raised = new EventRaisedEvent(-1, converter.Serialize(eventPayload)) { Name = eventName, Timestamp = clock.GetUtcNow().UtcDateTime };
        await SendAsync(instanceId, raised, cancellation);
    }

    /// <inheritdoc />
    /// <remarks>Sub-orchestrations are not terminated with their parent (<see cref="TerminateInstanceOptions.Recursive"/> is ignored).</remarks>
    public override async Task TerminateInstanceAsync(
        string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        await client.ForceTerminateTaskOrchestrationAsync(instanceId, converter.Serialize(options?.Output));
    }

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason) { Timestamp = clock.GetUtcNow().UtcDateTime }, cancellation);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason) { Timestamp = clock.GetUtcNow().UtcDateTime }, cancellation);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);

        // Polls the store in real time (not the engine's clock: a fake clock that nobody advances would
        // otherwise wait forever), quickly at first, since most instances start within moments.
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var instance = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new InvalidOperationException($"No orchestration instance has the id '{instanceId}'.");
            if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
            {
                return instance;
            }

            await Task.Delay(pause, cancellation);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestStartPoll.Ticks));
        }
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var state = await client.WaitForOrchestrationAsync(instanceId, executionId: null, Timeout.InfiniteTimeSpan, cancellation);

        // Providers return null rather than throw when the wait is cancelled.
        cancellation.ThrowIfCancellationRequested();
        return state?.ToMetadata(converter, getInputsAndOutputs)
            ?? throw new InvalidOperationException($"The wait for orchestration '{instanceId}' ended without a result.");
    }

    /// <inheritdoc />
    /// <remarks>
    /// As documented for <see cref="DurableTaskClient"/>: an instance that does not exist or has not
    /// finished is left alone and the result counts 0. An entity's instance (<c>@name@key</c>) is purged
    /// whatever its state. Sub-orchestrations are not purged with their parent.
    /// </remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(
        string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var purger = PurgeClient;
        var instance = await GetInstancesAsync(instanceId, getInputsAndOutputs: false, cancellation);
        if (instance is null || (!instance.IsCompleted && !IsEntity(instanceId)))
        {
            return new PurgeResult(0);
        }

        cancellation.ThrowIfCancellationRequested();
        return ToPurgeResult(await purger.PurgeInstanceStateAsync(instanceId));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Statuses are passed through as given; without any, the provider decides (Azure Storage then purges
    /// every status in the time range, as Durable Functions does).
    /// </remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(
        PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var purger = PurgeClient;
        var coreFilter = new PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? EarliestStorableTime,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(status => status.ToCore()).ToList())
        {
            Timeout = filter.Timeout,
        };

        cancellation.ThrowIfCancellationRequested();
        return ToPurgeResult(await purger.PurgeInstanceStateAsync(coreFilter));
    }

    /// <inheritdoc />
    /// <remarks>The history of the instance's latest execution, as the orchestration service stores it.</remarks>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        if (IsEntity(instanceId))
        {
            throw new ArgumentException($"'{instanceId}' is an entity, which keeps no orchestration history.", nameof(instanceId));
        }

        if (await GetInstanceStateAsync(instanceId, cancellation) is null)
        {
            throw new ArgumentException($"No orchestration instance has the id '{instanceId}'.", nameof(instanceId));
        }

        cancellation.ThrowIfCancellationRequested();
        return HistoryJson.Read(await client.GetOrchestrationHistoryAsync(instanceId, executionId: null));
    }

    /// <inheritdoc />
    /// <remarks>The orchestration service belongs to whoever created it (the engine's host); nothing to release here.</remarks>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Azure Table storage cannot store or compare times before 1601; "from the beginning" means this.
    private static DateTime EarliestStorableTime { get; } = new(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private IOrchestrationServicePurgeClient PurgeClient =>
        client as IOrchestrationServicePurgeClient
            ?? throw new NotSupportedException($"{client.GetType().Name} does not purge instances.");

    private static bool IsEntity(string instanceId) => instanceId.StartsWith('@');

    private static PurgeResult ToPurgeResult(CorePurgeResult result) => new(result.DeletedInstanceCount, result.IsComplete);

    private static OrchestrationStatus[] RefusedStatuses(IReadOnlyList<string>? dedupeStatuses)
    {
        var refused = new HashSet<OrchestrationStatus>(LiveStatuses);
        foreach (var name in dedupeStatuses ?? [])
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status) || !Enum.IsDefined(status))
            {
                throw new ArgumentException($"'{name}' is not an orchestration runtime status.", nameof(dedupeStatuses));
            }

            refused.Add(status.ToCore());
        }

        return [.. refused];
    }

    private async Task<OrchestrationState?> GetInstanceStateAsync(string instanceId, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var states = await client.GetOrchestrationStateAsync(instanceId, allExecutions: false);
        return states is { Count: > 0 } ? states[0] : null;
    }

    private async Task SendAsync(string instanceId, HistoryEvent historyEvent, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        await client.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = historyEvent,
        });
    }
}
