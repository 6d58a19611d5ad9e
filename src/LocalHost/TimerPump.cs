using EmergencyFlow.Domain.Privacy;
using EmergencyFlow.Durable;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// Resumes unfinished lifecycles at start, then fires due timers (which also runs again a first run
/// that stopped before saving its progress). At stop it waits for first runs still in progress.
/// </summary>
internal sealed partial class TimerPump(LifecycleEngine engine, LocalOptions options, ILogger<TimerPump> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var resumed = await engine.ResumeAllAsync();
        LogResumed(resumed);
        if (options.TimerPollMilliseconds > 0)
        {
            _loop = LoopAsync(TimeSpan.FromMilliseconds(options.TimerPollMilliseconds), _stop.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // The web server has stopped taking deliveries: let the started lifecycles reach their first wait.
        var idle = engine.IdleAsync();
        await idle.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!idle.IsCompleted)
        {
            LogRunsLeft(engine.BackgroundRuns);
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task LoopAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stop))
        {
            try
            {
                await engine.RunDueAsync();
            }
            catch (Exception ex)
            {
                LogTimerFailure(Mask.Exception(ex));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} first run(s) still going; they are run again at the next start")]
    private partial void LogRunsLeft(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} unfinished lifecycle(s)")]
    private partial void LogResumed(int count);

    // The exception is logged masked (its message may carry a number or an address), never as the exception object.
    [LoggerMessage(Level = LogLevel.Error, Message = "Timer pass failed; it is tried again on the next tick: {Error}")]
    private partial void LogTimerFailure(string error);
}
