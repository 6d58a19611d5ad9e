using System.Collections.Concurrent;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.Application.Tests.Events;

/// <summary>A host that keeps lifecycles, records and dead letters in memory, so the shared decisions can be read off.</summary>
public sealed class RecordingEventHost : IEventHost
{
    public ConcurrentDictionary<string, LifecycleInput> Started { get; } = new();

    public ConcurrentQueue<DeadLetter> DeadLetters { get; } = new();

    public ConcurrentQueue<EventResult> Records { get; } = new();

    public Task<LifecycleState> FindLifecycleAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(Started.ContainsKey(instanceId) ? LifecycleState.Live : LifecycleState.None);

    public Task<bool> StartLifecycleAsync(LifecycleInput input, CancellationToken cancellationToken) =>
        Task.FromResult(Started.TryAdd(input.InstanceId, input));

    public Task DeliverCallEndAsync(string instanceId, CallKey call, CallEnd end, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task KeepCallEndAsync(CallKey call, CallEnd end, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<CallEnd?> FindCallEndAsync(CallKey call, CancellationToken cancellationToken) => Task.FromResult<CallEnd?>(null);

    public Task ForgetCallEndAsync(CallKey call, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<PoolNumber?> FindPoolNumberAsync(string number, CancellationToken cancellationToken) => Task.FromResult<PoolNumber?>(null);

    public Task RouteCallAsync(IncomingCallEvent call, RouteDecision decision, CancellationToken cancellationToken) => Task.CompletedTask;

    public bool HasFallback => true;

    public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task RaiseAlertAsync(OperatorAlert alert, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RecordAsync(EventResult result, CancellationToken cancellationToken)
    {
        Records.Enqueue(result);
        return Task.CompletedTask;
    }

    public Task RecordDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        DeadLetters.Enqueue(letter);
        return Task.CompletedTask;
    }
}
