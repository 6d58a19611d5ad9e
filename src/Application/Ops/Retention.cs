using EmergencyFlow.Application.Settings;
using Microsoft.DurableTask.Client;

namespace EmergencyFlow.Application.Ops;

/// <summary>What a retention pass removed.</summary>
/// <param name="Before">The cutoff: what was created or last written before it went.</param>
/// <param name="Lifecycles">Finished lifecycles purged with their histories.</param>
/// <param name="Records">Records beside the engine purged.</param>
public sealed record RetentionResult(DateTimeOffset Before, int Lifecycles, int Records);

/// <summary>
/// Privacy, the same rule on both hosts: orchestration histories hold personal data (agent, numbers,
/// presence) and so do the records kept beside them; both go once they are older than
/// <see cref="EmergencyFlowOptions.RetentionDays"/>. Live lifecycles are never purged.
/// </summary>
public static class Retention
{
    private static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>Purges finished lifecycles created, and records last written, before now minus the retention period.</summary>
    public static async Task<RetentionResult> PurgeAsync(
        DurableTaskClient client, IRecordRetention records, EmergencyFlowOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        var before = now.AddDays(-options.RetentionDays);
        var purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: null, CreatedTo: before, Statuses: Finished), cancellationToken);
        var rows = await records.PurgeAsync(before, cancellationToken);
        return new RetentionResult(before, purged.PurgedInstanceCount, rows);
    }
}
