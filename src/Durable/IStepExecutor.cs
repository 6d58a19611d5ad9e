using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Durable;

/// <summary>Runs a step live (the local equivalent of an activity function).</summary>
public interface IStepExecutor
{
    /// <summary>Runs <paramref name="step"/>; throws when it fails.</summary>
    Task<TResult> ExecuteAsync<TInput, TResult>(Step<TInput, TResult> step, TInput input, CancellationToken cancellationToken)
        where TInput : IStepInput;
}
