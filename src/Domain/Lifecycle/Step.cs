
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>A side-effect step (an activity in Durable Functions), typed by its input and result.</summary>
/// <param name="Name">The step's name: the activity function's name in every host.</param>
public sealed record Step<TInput, TResult>(string Name)
    where TInput : IStepInput;
