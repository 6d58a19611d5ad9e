
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>An operation on the callback pool (an entity operation in Durable Functions).</summary>
/// <param name="Name">The operation's name: the entity method's name in every host.</param>
public sealed record PoolOperation<TInput, TResult>(string Name);
