using EmergencyFlow.Domain.Lifecycle;
using Microsoft.Extensions.Logging;
using EmergencyFlow.Application.Alerts;

namespace EmergencyFlow.AzureAdapters.Alerts;

/// <summary>
/// Operator alerts as Critical log records with structured properties: Application Insights keeps
/// them, and the scheduled-query alert rule in infra/bicep turns each into an action-group
/// notification. Messages hold no personal data (the domain masks before raising).
/// </summary>
public sealed partial class LoggingOperatorAlerts(ILogger<LoggingOperatorAlerts> logger) : IOperatorAlerts
{
    /// <inheritdoc />
    public Task RaiseAsync(OperatorAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Log(alert.Kind, alert.InstanceId, alert.IdempotencyKey, alert.Message);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "EmergencyFlow operator alert {AlertKind} for {InstanceId} ({AlertKey}): {AlertMessage}")]
    private partial void Log(AlertKind alertKind, string instanceId, string alertKey, string alertMessage);
}
