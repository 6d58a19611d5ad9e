using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Functions.Adapters;
using EmergencyFlow.Functions.Callbacks;
using EmergencyFlow.Functions.Lifecycle;
using EmergencyFlow.Hosting.Ops;
using Microsoft.DurableTask.Client;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The ops API's port in Azure: lifecycles from the Durable Task client (their history is in Durable
/// Functions Monitor, so no actions here), the pool read from the pool entity and changed by signals
/// to it (the entity is the only writer, so a change is queued and applied within seconds), agents
/// and the template in Azure Tables. One per invocation: the client comes from the function's binding.
/// </summary>
public sealed class FunctionsOpsBackend(DurableTaskClient client, TableStore store, FunctionsOptions options, TimeProvider clock) : IOpsBackend
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
            ? new EmergencyDetail(View(instance), Actions: null, instance.FailureDetails?.ErrorMessage)
            : null;
    }

    /// <inheritdoc />
    public async Task<PoolSnapshot> ReadPoolAsync(CancellationToken cancellationToken)
    {
        var entity = await client.Entities.GetEntityAsync<PoolEntityState>(DurableLifecyclePort.PoolEntity, includeState: true, cancellationToken);
        var state = entity?.State ?? new PoolEntityState();

        // The entity seeds the configured numbers on its first operation; decide against the pool it will have then.
        PoolEntityOperations.EnsureSeeded(state, options.SeedNumbers);
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
        await client.Entities.SignalEntityAsync(DurableLifecyclePort.PoolEntity, operation, input, cancellation: cancellationToken);
        return null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) => store.ListAgentsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<AgentProfile?> FindAgentAsync(string agentId, CancellationToken cancellationToken) => store.FindAsync(agentId, cancellationToken);

    /// <inheritdoc />
    public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken) => store.SaveAgentAsync(agent, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) => store.DeleteAgentAsync(agentId, cancellationToken);

    /// <inheritdoc />
    public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => store.GetTemplateAsync(cancellationToken);

    /// <inheritdoc />
    public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken) => store.SaveTemplateAsync(template, cancellationToken);

    /// <inheritdoc />
    /// <remarks>In Azure, alerts are Critical log records turned into notifications by the alert rule; the lifecycles' statuses still list theirs.</remarks>
    public Task<IReadOnlyList<RaisedAlert>> ListAlertsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RaisedAlert>>([]);

    /// <inheritdoc />
    /// <remarks>In Azure, routing decisions are in the logs only.</remarks>
    public Task<IReadOnlyList<RoutedCall>> ListRoutedCallbacksAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RoutedCall>>([]);

    internal static EmergencyView View(OrchestrationMetadata instance) => EmergencyView.From(
        instance.InstanceId, instance.RuntimeStatus.ToString(),
        instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<LifecycleStatus>(),
        instance.CreatedAt, instance.LastUpdatedAt);

    private static bool IsLifecycle(OrchestrationMetadata instance) => string.Equals(instance.Name, EmergencyLifecycle.Name, StringComparison.Ordinal);
}
