using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Durable;

/// <summary>Maps a pool operation by name to the domain's command.</summary>
internal static class PoolDispatch
{
    public static PoolCommand Command(string operation, object input) => operation switch
    {
        nameof(PoolOperations.Lease) => new PoolCommand.Lease((LeaseRequest)input),
        nameof(PoolOperations.Extend) => new PoolCommand.Extend((ExtendRequest)input),
        nameof(PoolOperations.Release) => new PoolCommand.Release((ReleaseRequest)input),
        _ => throw new InvalidOperationException($"Unknown pool operation {operation}."),
    };
}
