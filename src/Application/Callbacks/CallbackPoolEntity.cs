using EmergencyFlow.Domain.Callbacks;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Options;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Application.Settings;

namespace EmergencyFlow.Application.Callbacks;

/// <summary>
/// The callback pool as a durable entity over the domain decider. Operation names match
/// <see cref="EmergencyFlow.Domain.Lifecycle.PoolOperations"/>; lifecycle operations carry their own
/// replay-safe time, ops operations use the entity's clock (entities are not replayed).
/// </summary>
public sealed class CallbackPoolEntity(IOptions<EmergencyFlowOptions> options, TimeProvider clock) : TaskEntity<PoolEntityState>
{
    /// <summary>Leases (or reuses) a number.</summary>
    public LeaseOutcome Lease(LeaseRequest request) => Run(pool => CallbackPool.Lease(pool, request));

    /// <summary>Moves one hold's end.</summary>
    public PoolChange Extend(ExtendRequest request) => Run(pool => CallbackPool.Extend(pool, request));

    /// <summary>Releases one hold.</summary>
    public PoolChange Release(ReleaseRequest request) => Run(pool => CallbackPool.Release(pool, request));

    /// <summary>Ops: makes the pool exactly these numbers.</summary>
    public PoolChange ReplaceNumbers(PoolDocument document) =>
        Run(pool => CallbackPool.ReplaceNumbers(pool, document?.Numbers ?? [], clock.GetUtcNow()));

    /// <summary>Ops: releases a number by hand.</summary>
    public PoolChange ReleaseNumber(string number) => Run(pool => CallbackPool.ReleaseNumber(pool, number, clock.GetUtcNow()));

    private T Run<T>(Func<CallbackPoolState, (CallbackPoolState, T)> decide)
    {
        PoolEntityOperations.EnsureSeeded(State, options.Value.SeedPoolNumbers);
        return PoolEntityOperations.Apply(State, decide);
    }
}
