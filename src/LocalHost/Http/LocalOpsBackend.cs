using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Durable;
using EmergencyFlow.LocalHost.Storage;
using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>
/// The ops API's port over the local engine: lifecycles and their journals from the durable store,
/// the pool changed in one store transaction (so a pool change is in effect when the API answers),
/// agents and the template in the local store.
/// </summary>
public sealed class LocalOpsBackend(IDurableStore durable, LocalStore store, TimeProvider clock) : IOpsBackend
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<EmergencyView>> ListEmergenciesAsync(CancellationToken cancellationToken) =>
        (await durable.ListInstancesAsync()).Select(View).ToList();

    /// <inheritdoc />
    public async Task<EmergencyDetail?> FindEmergencyAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await durable.GetInstanceAsync(instanceId) is not { } instance)
        {
            return null;
        }

        var actions = (await durable.LoadJournalAsync(instanceId))
            .Select(e => new EmergencyAction(e.Sequence, e.Kind.ToString(), e.Name, e.RecordedAt, e.Error))
            .ToList();
        return new EmergencyDetail(View(instance), actions, instance.Error);
    }

    /// <inheritdoc />
    public async Task<PoolSnapshot> ReadPoolAsync(CancellationToken cancellationToken) => new(await durable.GetPoolAsync(), clock.GetUtcNow());

    /// <inheritdoc />
    public async Task<PoolChange?> ApplyPoolChangeAsync(PoolCommand command, DateTimeOffset at, CancellationToken cancellationToken) =>
        await durable.UpdatePoolAsync(pool =>
        {
            var (state, result) = CallbackPool.Decide(pool, command, at);
            return (state, (PoolChange)result);
        });

    /// <inheritdoc />
    public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) => Task.FromResult(store.ListAgents());

    /// <inheritdoc />
    public Task<AgentProfile?> FindAgentAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(store.FindAgent(agentId));

    /// <inheritdoc />
    public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken)
    {
        store.SaveAgent(agent);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(store.DeleteAgent(agentId));

    /// <inheritdoc />
    public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => Task.FromResult(store.GetTemplate());

    /// <inheritdoc />
    public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken)
    {
        store.SaveTemplate(template);
        return Task.CompletedTask;
    }

    private static EmergencyView View(InstanceRecord instance) => EmergencyView.From(
        instance.InstanceId, instance.Status.ToString(),
        instance.CustomStatusJson is null ? null : DurableJson.Deserialize<LifecycleStatus>(instance.CustomStatusJson),
        instance.CreatedAt, instance.UpdatedAt);

    /// <inheritdoc />
    public Task<IReadOnlyList<RaisedAlert>> ListAlertsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RaisedAlert>>([.. store.ListAlerts()
            .Select(a => Enum.TryParse<AlertKind>(a.Kind, out var kind) ? new RaisedAlert(string.IsNullOrEmpty(a.InstanceId) || a.InstanceId.StartsWith('(') ? null : a.InstanceId, kind, a.Message, a.RaisedAt) : null)
            .OfType<RaisedAlert>()]);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoutedCall>> ListRoutedCallbacksAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RoutedCall>>([.. store.ListRouting()
            .Where(r => r.Decision == nameof(RouteKind.RingAgent) && r.CalledMasked is not null)
            .Select(r => new RoutedCall(r.At, r.CalledMasked!, r.AgentId))]);
}
