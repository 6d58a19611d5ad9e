using System.Collections.Concurrent;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Presence;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Alerts;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.Lifecycle.Tests.Support;

internal sealed class FakePresence : IPresenceGateway
{
    public ConcurrentDictionary<string, PresenceSnapshot> Current { get; } = new();

    public Task<PresenceSnapshot> GetAsync(string agentId, string agentIdentity, CancellationToken cancellationToken) =>
        Task.FromResult(Current.GetValueOrDefault(agentId) ?? new PresenceSnapshot("Available", "Available"));

    /// <summary>Every identity a presence was written to.</summary>
    public ConcurrentQueue<string> WrittenIdentities { get; } = new();

    /// <summary>How long each Do Not Disturb was asked to hold.</summary>
    public ConcurrentQueue<TimeSpan> Holds { get; } = new();

    public Task SetDoNotDisturbAsync(string agentId, string agentIdentity, TimeSpan holdFor, CancellationToken cancellationToken)
    {
        Holds.Enqueue(holdFor);
        return SetAsync(agentId, agentIdentity, PresenceSnapshot.DoNotDisturb);
    }

    public Task RestoreAsync(string agentId, string agentIdentity, PresenceSnapshot previous, bool keepAgentsChoice, CancellationToken cancellationToken) =>
        keepAgentsChoice ? Task.CompletedTask : SetAsync(agentId, agentIdentity, previous);

    private Task SetAsync(string agentId, string agentIdentity, PresenceSnapshot presence)
    {
        Current[agentId] = presence;
        WrittenIdentities.Enqueue(agentIdentity);
        return Task.CompletedTask;
    }
}

internal sealed class FakeDirectory : IAgentDirectory
{
    public Dictionary<string, AgentProfile> Agents { get; } = new();

    public Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(Agents.GetValueOrDefault(agentId));

    public NotificationTemplate Template { get; set; } = NotificationTemplate.Default;

    public Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken) => Task.FromResult(Template);

    public Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AgentProfile>>([.. Agents.Values]);

    public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken)
    {
        Agents[agent.AgentId] = agent;
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken) => Task.FromResult(Agents.Remove(agentId));

    public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken)
    {
        Template = template;
        return Task.CompletedTask;
    }
}

/// <summary>Delivers once per idempotency key, as the outbox and ACS's operation id do; counts every attempt.</summary>
internal sealed class FakeEmail : IEmailSender
{
    public ConcurrentDictionary<string, ComposedNotification> Delivered { get; } = new();

    public int Attempts;

    public bool Fail { get; set; }

    /// <summary>While set, a send signals <see cref="Entered"/> and waits for it (a slow email service).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<EmailReceipt> SendAsync(ComposedNotification message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (Hold is { } hold)
        {
            Entered.TrySetResult();
            await hold.Task;
        }

        if (Fail)
        {
            throw new InvalidOperationException("email service unavailable (429)");
        }

        Delivered.TryAdd(message.IdempotencyKey, message);
        return EmailReceipt.Accepted(DeliveryReports.OperationIdFor(message.IdempotencyKey).ToString());
    }
}

internal sealed class FakeAlerts : IOperatorAlerts
{
    public ConcurrentDictionary<string, OperatorAlert> Raised { get; } = new();

    public Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken)
    {
        Raised.TryAdd(alert.IdempotencyKey, alert);
        return Task.CompletedTask;
    }
}

internal sealed class FakeStepMemory : IStepMemory
{
    private readonly ConcurrentDictionary<string, string> _values = new();

    public Task<string?> RecallAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_values.GetValueOrDefault(key));

    public Task RememberAsync(string key, string value, CancellationToken cancellationToken)
    {
        _values.TryAdd(key, value);
        return Task.CompletedTask;
    }
}

/// <summary>The event records beside the engine, in memory: kept call ends, the outbox index, dead letters.</summary>
internal sealed class FakeEventStore : IEventStore
{
    public ConcurrentDictionary<string, CallEnd> KeptEnds { get; } = new();

    public ConcurrentDictionary<string, DeadLetter> DeadLetters { get; } = new();

    public Task KeepCallEndAsync(string instanceId, CallEnd end, CancellationToken cancellationToken)
    {
        KeptEnds[instanceId] = end;
        return Task.CompletedTask;
    }

    public Task<CallEnd?> FindCallEndAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(KeptEnds.GetValueOrDefault(instanceId));

    public Task ForgetCallEndAsync(string instanceId, CancellationToken cancellationToken)
    {
        KeptEnds.TryRemove(instanceId, out _);
        return Task.CompletedTask;
    }

    public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task RecordDeadLetterAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken)
    {
        DeadLetters[rowKey] = letter;
        return Task.CompletedTask;
    }
}

/// <summary>Records each redirect once per idempotency key, as ACS's repeatability headers make it.</summary>
internal sealed class FakeRedirector : ICallRedirector
{
    public ConcurrentDictionary<string, CallRedirect> Redirects { get; } = new();

    public Task RedirectAsync(CallRedirect redirect, CancellationToken cancellationToken)
    {
        Redirects.TryAdd(redirect.IdempotencyKey, redirect);
        return Task.CompletedTask;
    }
}
