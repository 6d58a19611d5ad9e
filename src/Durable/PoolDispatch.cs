using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Durable;

/// <summary>Maps a pool operation by name to the domain decider.</summary>
internal static class PoolDispatch
{
    public static (CallbackPoolState, TResult) Apply<TResult>(CallbackPoolState state, string operation, object input, DateTimeOffset now)
    {
        PoolCommand command = operation switch
        {
            nameof(PoolOperations.Lease) => new PoolCommand.Lease((LeaseRequest)input),
            nameof(PoolOperations.Extend) => new PoolCommand.Extend((ExtendRequest)input),
            nameof(PoolOperations.Release) => new PoolCommand.Release((ReleaseRequest)input),
            _ => throw new InvalidOperationException($"Unknown pool operation {operation}."),
        };
        var (next, result) = CallbackPool.Decide(state, command, now);
        return (next, (TResult)result);
    }
}
