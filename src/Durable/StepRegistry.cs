using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Durable;

/// <summary>Step handlers by step name.</summary>
public sealed class StepRegistry : IStepExecutor
{
    private readonly Dictionary<string, Func<object, CancellationToken, Task<object>>> _handlers = new(StringComparer.Ordinal);

    /// <summary>Registers the handler of a step.</summary>
    public StepRegistry Register<TInput, TResult>(Step<TInput, TResult> step, Func<TInput, CancellationToken, Task<TResult>> handler)
        where TInput : IStepInput
        where TResult : notnull
    {
        ArgumentNullException.ThrowIfNull(step);
        _handlers[step.Name] = async (input, ct) => await handler((TInput)input, ct);
        return this;
    }

    /// <inheritdoc />
    public async Task<TResult> ExecuteAsync<TInput, TResult>(Step<TInput, TResult> step, TInput input, CancellationToken cancellationToken)
        where TInput : IStepInput
    {
        ArgumentNullException.ThrowIfNull(step);
        return _handlers.TryGetValue(step.Name, out var handler)
            ? (TResult)await handler(input, cancellationToken)
            : throw new InvalidOperationException($"No handler is registered for step {step.Name}.");
    }
}
