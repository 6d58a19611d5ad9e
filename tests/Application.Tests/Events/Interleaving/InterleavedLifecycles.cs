using EmergencyFlow.Application.Events;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Tests.Events.Interleaving;

/// <summary>
/// The engine and the event records as the handler sees them, in memory, with the semantics that matter to a race:
/// a start creates an instance atomically or fails because it exists, an end raised to a missing instance is lost
/// (Durable Functions drops it), kept ends are durable. Every call first waits for its actor's turn.
/// </summary>
public sealed class InterleavedLifecycles(StepScheduler scheduler)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Instance> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallEnd> _kept = new(StringComparer.Ordinal);

    /// <summary>Ends raised to an instance that did not exist: each one is a lost end.</summary>
    public List<(string InstanceId, CallEnd End)> Lost { get; } = [];

    /// <summary>The lifecycles that exist.</summary>
    public IReadOnlyDictionary<string, Instance> Instances
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, Instance>(_instances);
            }
        }
    }

    /// <summary>The host one actor sees.</summary>
    public IEventHost For(int actor) => new Host(this, actor);

    /// <summary>One lifecycle: how it started and the ends it received.</summary>
    public sealed record Instance(LifecycleInput Input, List<CallEnd> Ends)
    {
        /// <summary>True when the lifecycle knows its call ended: it started already ended, or an end reached it.</summary>
        public bool HasItsEnd => Input.EndedBeforeStartAt is not null || Ends.Count > 0;
    }

    private sealed class Host(InterleavedLifecycles state, int actor) : IEventHost
    {
        public async Task<LifecycleState> FindLifecycleAsync(string instanceId, CancellationToken cancellationToken)
        {
            await state.TurnAsync(actor);
            lock (state._lock)
            {
                return state._instances.ContainsKey(instanceId) ? LifecycleState.Live : LifecycleState.None;
            }
        }

        public async Task<bool> StartLifecycleAsync(LifecycleInput input, CancellationToken cancellationToken)
        {
            await state.TurnAsync(actor);
            lock (state._lock)
            {
                return state._instances.TryAdd(input.InstanceId, new Instance(input, []));
            }
        }

        public async Task DeliverCallEndAsync(string instanceId, CallKey call, CallEnd end, CancellationToken cancellationToken)
        {
            await state.TurnAsync(actor);
            lock (state._lock)
            {
                if (state._instances.TryGetValue(instanceId, out var instance))
                {
                    instance.Ends.Add(end);
                }
                else
                {
                    state.Lost.Add((instanceId, end));
                }
            }
        }

        public async Task KeepCallEndAsync(CallKey call, CallEnd end, CancellationToken cancellationToken)
        {
            await state.TurnAsync(actor);
            lock (state._lock)
            {
                foreach (var id in call.CandidateInstanceIds)
                {
                    state._kept[id] = end;
                }
            }
        }

        public async Task<CallEnd?> FindCallEndAsync(CallKey call, CancellationToken cancellationToken)
        {
            await state.TurnAsync(actor);
            lock (state._lock)
            {
                return call.CandidateInstanceIds.Select(id => state._kept.GetValueOrDefault(id)).FirstOrDefault(e => e is not null);
            }
        }

        public async Task ForgetCallEndAsync(CallKey call, CancellationToken cancellationToken)
        {
            await state.TurnAsync(actor);
            lock (state._lock)
            {
                foreach (var id in call.CandidateInstanceIds)
                {
                    state._kept.Remove(id);
                }
            }
        }

        public Task<PoolNumber?> FindPoolNumberAsync(string number, CancellationToken cancellationToken) => Task.FromResult<PoolNumber?>(null);

        public Task RouteCallAsync(IncomingCallEvent call, RouteDecision decision, CancellationToken cancellationToken) => Task.CompletedTask;

        public bool HasFallback => true;

        public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task RaiseAlertAsync(OperatorAlert alert, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordAsync(EventResult result, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private Task TurnAsync(int actor) => scheduler.TurnAsync(actor);
}
