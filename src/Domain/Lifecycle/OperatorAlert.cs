
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>An alert to operators (no personal data in <paramref name="Message"/>).</summary>
public sealed record OperatorAlert(string IdempotencyKey, string InstanceId, AlertKind Kind, string Message) : IStepInput;
