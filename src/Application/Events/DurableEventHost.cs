using System.Security.Cryptography;
using System.Text;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Alerts;

namespace EmergencyFlow.Application.Events;

/// <summary>
/// The mechanisms behind the shared event decisions, the same on both hosts: the durable engine through
/// <see cref="DurableTaskClient"/> (Durable Functions in Azure, the local engine on the local host), the pool
/// entity's state read directly, the host's call redirector, and the host's event records (Table storage in
/// Azure, SQLite locally) for early ends and dead letters.
/// </summary>
/// <param name="client">The durable engine.</param>
/// <param name="redirector">Redirects a ringing callback.</param>
/// <param name="store">Kept call ends, the outbox index, dead letters.</param>
/// <param name="alerts">Where operator alerts go.</param>
/// <param name="fallbackRawId">Where a callback to a pool number without a live lease goes (an ACS raw id); null when none is configured.</param>
/// <param name="logger">The host's logger.</param>
public sealed partial class DurableEventHost(
    DurableTaskClient client, ICallRedirector redirector, IEventStore store, IOperatorAlerts alerts, string? fallbackRawId, ILogger<DurableEventHost> logger) : IEventHost
{
    private static readonly OrchestrationRuntimeStatus[] Live =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    /// <inheritdoc />
    public async Task<LifecycleState> FindLifecycleAsync(string instanceId, CancellationToken cancellationToken) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) switch
        {
            null => LifecycleState.None,
            var instance when Live.Contains(instance.RuntimeStatus) => LifecycleState.Live,
            _ => LifecycleState.Finished,
        };

    /// <inheritdoc />
    public async Task<bool> StartLifecycleAsync(LifecycleInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(EmergencyLifecycle.Name, input, new StartOrchestrationOptions(input.InstanceId), cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Another delivery of the same event may have scheduled it between the check and this call.
            if (await FindLifecycleAsync(input.InstanceId, cancellationToken) != LifecycleState.None)
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>How long a call end waits for its lifecycle to start before the delivery fails and Event Grid sends it again.</summary>
    public static readonly TimeSpan StartWait = TimeSpan.FromSeconds(20);

    /// <inheritdoc />
    /// <remarks>
    /// The end is raised only once the lifecycle has started. Microsoft's Azure Storage provider discards an event
    /// raised to an instance whose start it has not run yet ("No such instance", Azure/durabletask#720): it
    /// defers a start message it dequeues before the instance's row exists by 2 s or more, and an event that
    /// arrives in that gap is dropped. A short call's end does arrive in that gap (seen in
    /// AzureStorageLifecycleTests). If the lifecycle has not started within <see cref="StartWait"/>, the
    /// delivery fails: the end stays kept and Event Grid delivers it again.
    /// </remarks>
    public async Task DeliverCallEndAsync(string instanceId, CallKey call, CallEnd end, CancellationToken cancellationToken)
    {
        using (var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            patience.CancelAfter(StartWait);
            try
            {
                await client.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs: false, patience.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Lifecycle {instanceId} did not start within {StartWait.TotalSeconds} s; its call end stays kept for the next delivery.");
            }
        }

        await client.RaiseEventAsync(instanceId, EmergencyLifecycle.CallEndedEvent, end, cancellationToken);
    }

    /// <inheritdoc />
    public async Task KeepCallEndAsync(CallKey call, CallEnd end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var id in call.CandidateInstanceIds)
        {
            await store.KeepCallEndAsync(id, end, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<CallEnd?> FindCallEndAsync(CallKey call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var id in call.CandidateInstanceIds)
        {
            if (await store.FindCallEndAsync(id, cancellationToken) is { } kept)
            {
                return kept;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async Task ForgetCallEndAsync(CallKey call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var id in call.CandidateInstanceIds)
        {
            await store.ForgetCallEndAsync(id, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<PoolNumber?> FindPoolNumberAsync(string number, CancellationToken cancellationToken) =>
        (await PoolEntityOperations.ReadAsync(client, cancellationToken)).Numbers.FirstOrDefault(n => n.Number == number);

    /// <inheritdoc />
    public async Task RouteCallAsync(IncomingCallEvent call, RouteDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(decision);
        var target = decision.Kind switch
        {
            RouteKind.RingAgent => decision.AgentIdentity,
            RouteKind.Fallback => fallbackRawId,
            _ => null,
        };
        if (target is not null)
        {
            await redirector.RedirectAsync(CallRedirect.For(call, target), cancellationToken);
        }
    }

    /// <inheritdoc />
    public bool HasFallback => fallbackRawId is not null;

    /// <inheritdoc />
    public Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        store.FindInstanceByMessageIdAsync(messageId, cancellationToken);

    /// <inheritdoc />
    public Task RaiseAlertAsync(OperatorAlert alert, CancellationToken cancellationToken) => alerts.RaiseAsync(alert, cancellationToken);

    /// <inheritdoc />
    public Task RecordAsync(EventResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (var repair in result.Repairs)
        {
            LogRepair(result.EventId, repair);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RecordDeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        // Content-derived key: a redelivered dead letter overwrites itself instead of piling up.
        var key = $"{letter.At:yyyyMMddHHmmss}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(letter.Payload)))[..16]}";
        LogDeadLetter(letter.EventId, letter.EventType, letter.Reason, key);
        return store.RecordDeadLetterAsync(letter, key, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} repaired: {Repair}")]
    private partial void LogRepair(string eventId, string repair);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event {EventId} ({EventType}) kept as dead letter {DeadLetterKey}: {Reason}")]
    private partial void LogDeadLetter(string eventId, string eventType, string reason, string deadLetterKey);
}
