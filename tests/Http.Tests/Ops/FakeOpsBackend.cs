using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.Http.Tests.Ops;

/// <summary>
/// An in-memory host: applies pool changes at once like the local host, or queues them like the
/// Functions app (<see cref="QueuesPoolChanges"/>), and records what it was asked to do.
/// </summary>
internal sealed class FakeOpsBackend : IOpsBackend
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    public CallbackPoolState Pool { get; set; } = CallbackPoolState.Empty;

    public bool QueuesPoolChanges { get; init; }

    /// <summary>When set, the answer to the next applied change (the pool moved between the read and the write).</summary>
    public PoolChange? RaceOutcome { get; set; }

    public List<PoolCommand> PoolCommands { get; } = [];

    public Dictionary<string, AgentProfile> Agents { get; } = new(StringComparer.Ordinal);

    public NotificationTemplate Template { get; set; } = NotificationTemplate.Default;

    public Dictionary<string, EmergencyDetail> Emergencies { get; } = new(StringComparer.Ordinal);

    public static FakeOpsBackend WithPool(params string[] numbers) =>
        new() { Pool = new CallbackPoolState(numbers.Select(n => new PoolNumber(n, null, null)).ToList()) };

    public FakeOpsBackend WithLease(string number, string agentId)
    {
        var lease = new CallbackLease(agentId, "8:acs:" + agentId, Now.AddMinutes(-5), [new LeaseHold("lease-" + agentId, Now.AddHours(1))]);
        Pool = Pool with { Numbers = Pool.Numbers.Select(n => n.Number == number ? n with { Lease = lease } : n).ToList() };
        return this;
    }

    public FakeOpsBackend WithAgent(string agentId, string contacts = "ops-lead@contoso.com; ana.family@contoso.com")
    {
        Agents[agentId] = new AgentProfile(agentId, "Ana Lima", "8:acs:" + agentId, contacts);
        return this;
    }

    public Task<IReadOnlyList<EmergencyView>> ListEmergenciesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EmergencyView>>(Emergencies.Values.Select(e => e.Emergency).ToList());

    public Task<EmergencyDetail?> FindEmergencyAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(Emergencies.GetValueOrDefault(instanceId));

    public Task<PoolSnapshot> ReadPoolAsync(CancellationToken cancellationToken) => Task.FromResult(new PoolSnapshot(Pool, Now));

    public Task<PoolChange?> ApplyPoolChangeAsync(PoolCommand command, DateTimeOffset at, CancellationToken cancellationToken)
    {
        PoolCommands.Add(command);
        if (QueuesPoolChanges)
        {
            return Task.FromResult<PoolChange?>(null);
        }

        if (RaceOutcome is { } race)
        {
            return Task.FromResult<PoolChange?>(race);
        }

        var (state, result) = CallbackPool.Decide(Pool, command, at);
        Pool = state;
        return Task.FromResult<PoolChange?>((PoolChange)result);
    }

    public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AgentProfile>>(Agents.Values.ToList());

    public Task<AgentProfile?> FindAgentAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(Agents.GetValueOrDefault(agentId));

    public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken)
    {
        Agents[agent.AgentId] = agent;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(Agents.Remove(agentId));

    public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => Task.FromResult(Template);

    public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken)
    {
        Template = template;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RaisedAlert>> ListAlertsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RaisedAlert>>(Alerts);

    public Task<IReadOnlyList<RoutedCall>> ListRoutedCallbacksAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RoutedCall>>([]);

    public List<RaisedAlert> Alerts { get; } = [];

    public List<AlertAcknowledgement> Acknowledgements { get; } = [];

    public Task<AlertAcknowledgement> AcknowledgeAlertAsync(string alertId, string by, string note, CancellationToken cancellationToken)
    {
        var recorded = Acknowledgements.FirstOrDefault(a => a.AlertId == alertId) ?? new AlertAcknowledgement(alertId, by, note, Now);
        if (!Acknowledgements.Contains(recorded))
        {
            Acknowledgements.Add(recorded);
        }

        return Task.FromResult(recorded);
    }

    public Task<IReadOnlyList<AlertAcknowledgement>> ListAcknowledgementsAsync(TimeSpan period, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AlertAcknowledgement>>([.. Acknowledgements.Where(a => a.At >= Now - period)]);
}
