using EmergencyFlow.Application.Ops;
using EmergencyFlow.Application.Settings;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// The local host's retention pass, the same rule as the Functions app's nightly purge
/// (<see cref="Retention"/>): once at start, then every day on the host's clock.
/// </summary>
internal sealed partial class RetentionService(
    DurableTaskClient client, IRecordRetention records, IOptions<EmergencyFlowOptions> options, TimeProvider clock, ILogger<RetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                var result = await Retention.PurgeAsync(client, records, options.Value, clock.GetUtcNow(), stoppingToken);
                LogPurged(result.Lifecycles, result.Records, result.Before);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: purged {Count} finished lifecycle(s) created before {Before} and {Rows} record(s) last written before it")]
    private partial void LogPurged(int count, int rows, DateTimeOffset before);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention pass failed; it runs again tomorrow")]
    private partial void LogFailed(Exception ex);
}
