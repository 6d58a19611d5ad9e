using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Entities;
using DurableTask.Core.Entities.OperationFormat;

namespace EmergencyFlow.Engine.Sqlite.Tests.Support;

/// <summary>
/// A DurableTask.Core-native entity holding an integer: "add" adds its input, "get" returns it. When
/// given a gate, a batch waits on it after announcing itself (so a test can hold the entity locked).
/// </summary>
internal sealed class Counter(Counter.Gate? gate = null) : TaskEntity
{
    public const string Name = "counter";

    public static string Id(string key) => new EntityId(Name, key).ToString();

    /// <summary>A signal from a client: what <c>DurableEntityClient.SignalEntityAsync</c> sends.</summary>
    public static TaskMessage Signal(string key, string operation, int amount) =>
        ClientEntityHelpers.EmitOperationSignal(
            new OrchestrationInstance { InstanceId = Id(key) },
            Guid.NewGuid(),
            operation,
            amount.ToString(CultureInfo.InvariantCulture),
            scheduledTimeUtc: null).AsTaskMessage();

    public override async Task<EntityBatchResult> ExecuteOperationBatchAsync(EntityBatchRequest operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (gate is not null)
        {
            gate.Entered.TrySetResult();
            await gate.Open.Task;
        }

        var value = operations.EntityState is null ? 0 : int.Parse(operations.EntityState, CultureInfo.InvariantCulture);
        var results = new List<OperationResult>();
        foreach (var operation in operations.Operations ?? [])
        {
            if (operation.Operation == "add")
            {
                value += int.Parse(operation.Input!, CultureInfo.InvariantCulture);
            }

            results.Add(new OperationResult { Result = value.ToString(CultureInfo.InvariantCulture) });
        }

        return new EntityBatchResult
        {
            Results = results,
            Actions = [],
            EntityState = value.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Holds a batch: <see cref="Entered"/> completes when one starts, it ends once <see cref="Open"/> completes.</summary>
    internal sealed class Gate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
