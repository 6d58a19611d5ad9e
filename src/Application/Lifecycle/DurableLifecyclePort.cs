using EmergencyFlow.Domain.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Notifications;

namespace EmergencyFlow.Application.Lifecycle;

/// <summary>
/// Adapts Durable Functions' <see cref="TaskOrchestrationContext"/> to the domain's lifecycle port.
/// Each port call is exactly one durable action (activity, entity call or signal, timer, or an
/// event/timer race); the custom status is what Durable Functions Monitor shows.
/// </summary>
internal sealed class DurableLifecyclePort(TaskOrchestrationContext context) : ILifecyclePort
{
    public DateTimeOffset UtcNow => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));

    public async Task<TResult> RunAsync<TInput, TResult>(Step<TInput, TResult> step, TInput input)
        where TInput : IStepInput
    {
        try
        {
            return await context.CallActivityAsync<TResult>(step.Name, input, StepRetries.For(step.Name));
        }
        catch (TaskFailedException failure)
        {
            throw new StepFailedException(step.Name, failure.FailureDetails.ErrorMessage);
        }
    }

    public async Task<CallEnd> WaitForCallEndAsync(DateTimeOffset deadline)
    {
        // The explicit race (not the TimeSpan overload, which cannot be substituted in tests), and the
        // loser is cancelled: an uncancelled timer would keep the instance running until the deadline.
        using var timerCancellation = new CancellationTokenSource();
        using var eventCancellation = new CancellationTokenSource();
        var ended = context.WaitForExternalEvent<CallEnd>(EmergencyLifecycle.CallEndedEvent, eventCancellation.Token);
        var timeout = context.CreateTimer(deadline.UtcDateTime, timerCancellation.Token);
        // Synchronous Cancel, not CancelAsync: orchestrator code must not continue on another thread.
        if (await Task.WhenAny(ended, timeout) == ended)
        {
            timerCancellation.Cancel();
            return await ended;
        }

        eventCancellation.Cancel();
        return new CallEnd(deadline, CallEndSource.Deadline);
    }

    public Task SleepUntilAsync(DateTimeOffset wakeAt) => context.CreateTimer(wakeAt.UtcDateTime, CancellationToken.None);

    public async Task<TResult> CallPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input)
    {
        try
        {
            return await context.Entities.CallEntityAsync<TResult>(PoolEntityOperations.Id, operation.Name, input);
        }
        catch (EntityOperationFailedException failure)
        {
            throw new PoolOperationFailedException(operation.Name, failure.FailureDetails.ErrorMessage);
        }
    }

    public Task SignalPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input) =>
        context.Entities.SignalEntityAsync(PoolEntityOperations.Id, operation.Name, input);

    public void ReportStatus(LifecycleStatus status) => context.SetCustomStatus(status);
}

/// <summary>Retry policies per step: presence and alerts retry fast; email backs off for throttling.</summary>
internal static class StepRetries
{
    private static readonly TaskOptions Fast = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(30)));

    /// <summary>
    /// How long the notification may keep being retried. Past it, operators are alerted to phone the contacts: an
    /// emergency notification that cannot leave within minutes needs a person, not a longer wait (and the lifecycle
    /// waits for the call's end only after it).
    /// </summary>
    public static readonly TimeSpan EmailRetryBudget = TimeSpan.FromMinutes(10);

    // ACS Email allows about 30 messages a minute on a custom domain and 5 on an Azure-managed one: a throttled send
    // says how long to wait (StepThrottled) and the wait is a durable timer; other failures back off from 30 s.
    private static readonly TaskOptions Email = TaskOptions.FromRetryHandler(async retry =>
    {
        var wait = StepThrottled.RetryAfter(retry.LastFailure.ErrorMessage)
            ?? TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, retry.LastAttemptNumber - 1), 300));
        if (retry.LastAttemptNumber >= 6 || retry.TotalRetryTime + wait > EmailRetryBudget)
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(wait, CancellationToken.None);
        return true;
    });

    public static TaskOptions For(string step) => step == Steps.SendNotification.Name ? Email : Fast;
}
