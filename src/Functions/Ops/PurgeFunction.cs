using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using EmergencyFlow.Application.Settings;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// Privacy: orchestration history holds personal data (agent, numbers, presence), so finished
/// emergency lifecycles are purged after the retention period, every night.
/// </summary>
public sealed partial class PurgeFunction(IOptions<EmergencyFlowOptions> options, TimeProvider clock, ILogger<PurgeFunction> logger)
{
    /// <summary>Runs at 02:30 UTC.</summary>
    [Function(nameof(PurgeFinishedEmergencies))]
    public async Task PurgeFinishedEmergencies([TimerTrigger("0 30 2 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        var before = clock.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var result = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(CreatedFrom: null, CreatedTo: before,
                Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]),
            context.CancellationToken);
        LogPurged(result.PurgedInstanceCount, before, timer?.IsPastDue ?? false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} finished lifecycle(s) created before {Before} (run was past due: {PastDue})")]
    private partial void LogPurged(int count, DateTimeOffset before, bool pastDue);
}
