using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Alerts;

/// <summary>Where operator alerts go. Should drop a repeated key.</summary>
public interface IOperatorAlerts
{
    /// <summary>Raises the alert.</summary>
    Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken);
}
