namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// The result of a step that returns nothing else: a value, so the activity's result is recorded in history like any
/// other. (Stored as <c>{}</c>; older histories hold <c>{"done":true}</c>, which reads the same.)
/// </summary>
public sealed record StepDone;
