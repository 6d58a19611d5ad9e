using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using Microsoft.DurableTask.Client;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Application.Notifications;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// The ops API's port over the durable engine, the same on both hosts: lifecycles from the Durable Task
/// client, the pool read from the pool entity and changed by signals to it (the entity is the only writer,
/// so a change is queued and applied within seconds), agents and the template in the host's directory.
/// </summary>
/// <param name="client">The durable engine.</param>
/// <param name="directory">Agents and the template.</param>
/// <param name="options">The product's settings (the pool's seed numbers).</param>
/// <param name="clock">The host's clock.</param>
/// <param name="acknowledgements">Where the host keeps alert acknowledgements.</param>
/// <param name="records">The host's alert and routing records, where it keeps them (the local host); none in Azure.</param>
public sealed class DurableOpsBackend(
    DurableTaskClient client, IAgentDirectory directory, IOptions<EmergencyFlowOptions> options, TimeProvider clock,
    IAlertAcknowledgements acknowledgements, IOpsRecords? records = null) : IOpsBackend
{
    // The prefix every lifecycle instance id gets from CallKey.ToInstanceId; it narrows the query, the name filter decides.
    private const string EmergencyPrefix = "emergency-";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EmergencyView>> ListEmergenciesAsync(CancellationToken cancellationToken)
    {
        var views = new List<EmergencyView>();
        var query = new OrchestrationQuery(InstanceIdPrefix: EmergencyPrefix, FetchInputsAndOutputs: true);
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (IsLifecycle(instance))
            {
                views.Add(View(instance));
            }
        }

        return views.OrderByDescending(v => v.CreatedAt).ToList();
    }

    /// <inheritdoc />
    public async Task<EmergencyDetail?> FindEmergencyAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        return instance is not null && IsLifecycle(instance)
            ? new EmergencyDetail(View(instance), await ActionsAsync(instanceId, cancellationToken), instance.FailureDetails?.ErrorMessage)
            : null;
    }

    /// <summary>
    /// The durable actions the lifecycle took, from its history: activities, pool operations and timers
    /// with when they were scheduled and how they failed. Null where the client cannot read history.
    /// (Catching broadly is deliberate: the gRPC client reports an unsupported call as an RpcException.)
    /// </summary>
    private async Task<IReadOnlyList<EmergencyAction>?> ActionsAsync(string instanceId, CancellationToken cancellationToken)
    {
        IList<DurableTask.Core.History.HistoryEvent> history;
        try
        {
            history = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Best effort: a client that cannot stream history (not every Durable Functions backend can)
            // still shows the lifecycle; its actions are in Durable Functions Monitor.
            return null;
        }

        return LifecycleHistory.Actions(history);
    }

    /// <inheritdoc />
    public async Task<PoolSnapshot> ReadPoolAsync(CancellationToken cancellationToken)
    {
        var entity = await client.Entities.GetEntityAsync<PoolEntityState>(PoolEntityOperations.Id, includeState: true, cancellationToken);
        var state = entity?.State ?? new PoolEntityState();

        // The entity seeds the configured numbers on its first operation; decide against the pool it will have then.
        PoolEntityOperations.EnsureSeeded(state, options.Value.SeedPoolNumbers);
        return new PoolSnapshot(state.Pool, clock.GetUtcNow());
    }

    /// <inheritdoc />
    public async Task<PoolChange?> ApplyPoolChangeAsync(PoolCommand command, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (operation, input) = command switch
        {
            PoolCommand.ReplaceNumbers replace => (nameof(CallbackPoolEntity.ReplaceNumbers), (object)new PoolDocument(replace.Numbers)),
            PoolCommand.ReleaseNumber release => (nameof(CallbackPoolEntity.ReleaseNumber), release.Number),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "The ops API changes the pool only by replacing it or releasing a number."),
        };
        await client.Entities.SignalEntityAsync(PoolEntityOperations.Id, operation, input, cancellation: cancellationToken);
        return null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) => directory.ListAgentsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<AgentProfile?> FindAgentAsync(string agentId, CancellationToken cancellationToken) => directory.FindAsync(agentId, cancellationToken);

    /// <inheritdoc />
    public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken) => directory.SaveAgentAsync(agent, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) => directory.DeleteAgentAsync(agentId, cancellationToken);

    /// <inheritdoc />
    public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => directory.GetTemplateAsync(cancellationToken);

    /// <inheritdoc />
    public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken) => directory.SaveTemplateAsync(template, cancellationToken);

    /// <inheritdoc />
    /// <remarks>The host's records; in Azure, alerts are Critical log records turned into notifications by the alert rule and the lifecycles' statuses list theirs.</remarks>
    public Task<IReadOnlyList<RaisedAlert>> ListAlertsAsync(CancellationToken cancellationToken) =>
        records?.ListAlertsAsync(cancellationToken) ?? Task.FromResult<IReadOnlyList<RaisedAlert>>([]);

    /// <inheritdoc />
    /// <remarks>The host's records; in Azure, routing decisions are in the logs only.</remarks>
    public Task<IReadOnlyList<RoutedCall>> ListRoutedCallbacksAsync(CancellationToken cancellationToken) =>
        records?.ListRoutedCallbacksAsync(cancellationToken) ?? Task.FromResult<IReadOnlyList<RoutedCall>>([]);

    /// <inheritdoc />
    public Task<AlertAcknowledgement> AcknowledgeAlertAsync(string alertId, string by, string note, CancellationToken cancellationToken) =>
        acknowledgements.AcknowledgeAsync(new AlertAcknowledgement(alertId, by, note, clock.GetUtcNow()), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertAcknowledgement>> ListAcknowledgementsAsync(TimeSpan period, CancellationToken cancellationToken) =>
        acknowledgements.ListAcknowledgementsAsync(clock.GetUtcNow() - period, cancellationToken);

    internal static EmergencyView View(OrchestrationMetadata instance) => EmergencyView.From(
        instance.InstanceId, instance.RuntimeStatus.ToString(),
        instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<LifecycleStatus>(),
        instance.CreatedAt, instance.LastUpdatedAt);

    private static bool IsLifecycle(OrchestrationMetadata instance) => string.Equals(instance.Name, EmergencyLifecycle.Name, StringComparison.Ordinal);
}
