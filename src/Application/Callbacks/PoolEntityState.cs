using EmergencyFlow.Domain.Callbacks;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;

namespace EmergencyFlow.Application.Callbacks;

/// <summary>
/// The callback-pool entity's persisted state. A class with a parameterless constructor, so the
/// Durable entity runtime can create it without an InitializeState override.
/// </summary>
public sealed class PoolEntityState
{
    /// <summary>The pool.</summary>
    public CallbackPoolState Pool { get; set; } = CallbackPoolState.Empty;

    /// <summary>True once the configured seed numbers were added (they are added once, not on every start).</summary>
    public bool Seeded { get; set; }
}

/// <summary>
/// What the callback-pool entity does per operation, host-neutral: seed once from configuration,
/// then apply the domain decider. The entity class in the Functions host only forwards to this.
/// </summary>
public static class PoolEntityOperations
{
    /// <summary>The entity's name (Durable lower-cases it) and its one key.</summary>
    public const string EntityName = "CallbackPool";

    /// <summary>The single pool's key.</summary>
    public const string EntityKey = "default";

    /// <summary>The one callback pool entity.</summary>
    public static EntityInstanceId Id { get; } = new(EntityName, EntityKey);

    /// <summary>Seeds the configured numbers the first time the entity runs.</summary>
    public static void EnsureSeeded(PoolEntityState state, IReadOnlyList<string> seedNumbers)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Seeded)
        {
            return;
        }

        if (seedNumbers.Count > 0)
        {
            var (pool, change) = CallbackPool.AddNumbers(state.Pool, seedNumbers);
            if (change.Rejected)
            {
                throw new InvalidOperationException($"Configured callback pool numbers are invalid: {change.Reason}");
            }

            state.Pool = pool;
        }

        state.Seeded = true;
    }

    /// <summary>
    /// The pool as it stands (empty before the entity first runs), read from the entity's stored state: a routing
    /// decision never queues behind the entity's operations.
    /// </summary>
    /// <remarks>
    /// Routing reads the pool on every incoming call while the entity changes it a few times a second: the
    /// last state read is kept with the text it was read from, and the same text is not parsed again.
    /// </remarks>
    public static async Task<CallbackPoolState> ReadAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var entity = await ReadEntityAsync(client, cancellationToken);
        if (entity?.State is not { Value: { } json } state)
        {
            return CallbackPoolState.Empty;
        }

        if (lastRead is { } last && (ReferenceEquals(last.Json, json) || string.Equals(last.Json, json, StringComparison.Ordinal)))
        {
            return last.Pool;
        }

        var pool = state.ReadAs<PoolEntityState>()?.Pool ?? CallbackPoolState.Empty;
        lastRead = new PoolRead(json, pool);
        return pool;
    }

    private static PoolRead? lastRead;

    /// <summary>
    /// Reads the entity, once more if the read fails: on Azure Storage a large state lives in a blob that the
    /// entity's next batch replaces, and a read between the row and the blob finds it gone (the next read sees
    /// the new one). Routing must not fail a ringing callback for that.
    /// </summary>
    private static async Task<EntityMetadata?> ReadEntityAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.Entities.GetEntityAsync(Id, includeState: true, cancellationToken);
            }
            catch (Exception) when (attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private sealed record PoolRead(string Json, CallbackPoolState Pool);

    /// <summary>Applies a decision to the state and returns its result.</summary>
    public static T Apply<T>(PoolEntityState state, Func<CallbackPoolState, (CallbackPoolState State, T Result)> decide)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(decide);
        var (pool, result) = decide(state.Pool);
        state.Pool = pool;
        return result;
    }
}
