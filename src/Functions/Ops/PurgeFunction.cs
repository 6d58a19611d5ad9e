using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.AzureAdapters.Tables;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// Privacy: orchestration history holds personal data (agent, numbers, presence), and so do the records kept beside it
/// (step memory, the outbox index, kept call ends, dead letters): both are purged after the retention period, every
/// night. Dead-letter blobs go by the storage account's lifecycle rule.
/// </summary>
public sealed partial class PurgeFunction(IOptions<EmergencyFlowOptions> options, TableStore store, TimeProvider clock, ILogger<PurgeFunction> logger)
{
    /// <summary>Runs at 02:30 UTC.</summary>
    [Function(nameof(PurgeFinishedEmergencies))]
    public async Task PurgeFinishedEmergencies([TimerTrigger("0 30 2 * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(client);
        var result = await Retention.PurgeAsync(client, store, options.Value, clock.GetUtcNow(), context.CancellationToken);
        LogPurged(result.Lifecycles, result.Records, result.Before, timer?.IsPastDue ?? false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} finished lifecycle(s) created before {Before} and {Rows} record(s) last written before it (run was past due: {PastDue})")]
    private partial void LogPurged(int count, int rows, DateTimeOffset before, bool pastDue);
}
