using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// The emergency-call lifecycle, written once against <see cref="ILifecyclePort"/> and run by every
/// host: DND → lease → notify → wait for end → restore presence → count the callback window from the
/// end → sleep → release. Deterministic: all time comes from the port, all ids from the instance id.
/// The normal path is eight durable actions.
/// </summary>
public static class EmergencyLifecycle
{
    /// <summary>The orchestration's name in every host.</summary>
    public const string Name = "EmergencyLifecycle";

    /// <summary>The external event that ends the wait for the call's end.</summary>
    public const string CallEndedEvent = "CallEnded";

    /// <summary>Deterministic idempotency key of a step in an instance.</summary>
    public static string KeyFor(string instanceId, string step) => $"{instanceId}.{step}";

    /// <summary>Deterministic lease id of an instance's hold on its callback number.</summary>
    public static string LeaseIdFor(string instanceId) => $"{instanceId}.lease";

    /// <summary>
    /// The alert every host raises when a lifecycle fails for any reason (a bug, a broken store): whatever
    /// broke, a person must check the agent's presence and the callback number. Raised by the host's
    /// runtime, not by the workflow, so a crash that replays is never mistaken for a failure. No personal
    /// data: only the exception's type is named.
    /// </summary>
    public static OperatorAlert FailureAlert(string instanceId, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new OperatorAlert(KeyFor(instanceId, $"{Steps.AlertOperators.Name}.{AlertKind.LifecycleFailed}"), instanceId, AlertKind.LifecycleFailed,
            $"The emergency lifecycle failed ({failure.GetType().Name}): check the agent's presence and the callback number by hand.");
    }

    /// <summary>Runs the lifecycle to its end.</summary>
    public static async Task<LifecycleOutcome> RunAsync(ILifecyclePort port, LifecycleInput input)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(port, input);
        return await run.ExecuteAsync();
    }

    private sealed class Run(ILifecyclePort port, LifecycleInput input)
    {
        private readonly EmergencyCall _call = input.Call;
        private readonly LifecycleSettings _settings = input.Settings;
        private readonly string _id = input.InstanceId;
        private readonly List<AlertKind> _alerts = [];
        private LifecycleStatus _status = null!;

        public async Task<LifecycleOutcome> ExecuteAsync()
        {
            _status = new(LifecycleStage.Started, _call.AgentId, _call.DialledNumber, _call.CountryIso, _call.IsTest,
                _call.PlacedAt, null, null, null, null, null, _alerts);
            Report(LifecycleStage.Started);
            var startedAt = port.UtcNow;

            var endedBeforeStart = input.EndedBeforeStartAt;
            var previous = endedBeforeStart is null ? await SetDoNotDisturbAsync() : null;

            var lease = await LeaseAsync(endedBeforeStart, startedAt);
            var notification = await NotifyAsync(lease.Number);

            CallEnd end;
            PresenceRestoreResult? restore = null;
            if (endedBeforeStart is { } endedAt)
            {
                end = new(Max(Min(endedAt, port.UtcNow), _call.PlacedAt), CallEndSource.BeforeStart);
                _status = _status with { CallEndedAt = end.At, EndedBy = end.Source };
            }
            else
            {
                Report(LifecycleStage.WaitingForCallEnd);
                var reported = await port.WaitForCallEndAsync(startedAt + _settings.CallEndDeadline);
                // The end event's own time counts (delivery may lag), but never later than when we saw it.
                // ...and never before the call was placed (a wrong clock must not end the callback window early).
                end = reported with { At = Max(Min(reported.At, port.UtcNow), _call.PlacedAt) };
                _status = _status with { CallEndedAt = end.At, EndedBy = end.Source };
                if (end.TimedOut)
                {
                    await AlertAsync(AlertKind.CallEndMissing,
                        $"No call end arrived within {_settings.CallEndDeadline.TotalHours:0.#} h; presence restored at the deadline.");
                }

                restore = previous is null ? null : await RestorePresenceAsync(previous);
                Report(LifecycleStage.PresenceRestored);
            }

            if (lease.Status == LeaseStatus.Leased)
            {
                var expiresAt = end.At + _settings.CallbackWindow;
                if (endedBeforeStart is null)
                {
                    await port.CallPoolAsync(PoolOperations.Extend, new ExtendRequest(lease.LeaseId, expiresAt, port.UtcNow));
                }

                _status = _status with { LeaseExpiresAt = expiresAt };
                Report(LifecycleStage.CallbackWindowOpen);
                await port.SleepUntilAsync(expiresAt);
                await port.SignalPoolAsync(PoolOperations.Release, new ReleaseRequest(lease.LeaseId, port.UtcNow));
            }

            Report(LifecycleStage.Completed);
            return new(_status, previous, restore, lease.Number, notification, end);
        }

        private async Task<PresenceSnapshot?> SetDoNotDisturbAsync()
        {
            try
            {
                var previous = await port.RunAsync(Steps.SetDoNotDisturb,
                    new SetDoNotDisturbInput(KeyFor(_id, Steps.SetDoNotDisturb.Name), _call.AgentId, _call.AgentIdentity));
                Report(LifecycleStage.DoNotDisturbSet);
                return previous;
            }
            catch (StepFailedException failure)
            {
                await AlertAsync(AlertKind.PresenceFailed, $"Do Not Disturb could not be set: {failure.Reason}");
                return null;
            }
        }

        private async Task<LeaseOutcome> LeaseAsync(DateTimeOffset? endedBeforeStart, DateTimeOffset startedAt)
        {
            // Until the call ends the hold covers the longest the call may last; the end then moves it
            // to end + window (one Extend), so the lease never lapses during a long call.
            var holdUntil = endedBeforeStart is { } ended
                ? ended + _settings.CallbackWindow
                : startedAt + _settings.CallEndDeadline + _settings.CallbackWindow;
            var lease = await port.CallPoolAsync(PoolOperations.Lease,
                new LeaseRequest(_call.AgentId, _call.AgentIdentity, LeaseIdFor(_id), port.UtcNow, holdUntil));
            _status = _status with { CallbackNumberMasked = lease.Number is null ? null : Mask.Phone(lease.Number), LeaseExpiresAt = lease.ExpiresAt };
            if (lease.Status != LeaseStatus.Leased)
            {
                await AlertAsync(AlertKind.PoolExhausted, "No free callback number: the emergency went on without a dedicated callback number.");
            }

            Report(LifecycleStage.CallbackLeased);
            return lease;
        }

        private async Task<NotificationOutcome> NotifyAsync(string? callbackNumber)
        {
            NotificationOutcome outcome;
            if (_call.IsTest && !_settings.NotifyOnTestCalls)
            {
                outcome = new(NotificationStatus.SkippedForTestCall, 0, 0, null, "Test call: contacts are not emailed.");
            }
            else
            {
                try
                {
                    outcome = await port.RunAsync(Steps.SendNotification, new NotificationRequest(
                        KeyFor(_id, Steps.SendNotification.Name), _id, _call.AgentId, _call.DialledNumber, _call.CountryName,
                        callbackNumber, _call.PlacedAt, _call.Location, _call.IsTest, _call.CountryIso));
                }
                catch (StepFailedException failure)
                {
                    outcome = new(NotificationStatus.Failed, 0, 0, null, failure.Reason);
                }

                if (outcome.Status == NotificationStatus.Failed)
                {
                    await AlertAsync(AlertKind.NotificationFailed, $"The emergency contacts could not be emailed: {outcome.Detail}");
                }
                else if (outcome.Status == NotificationStatus.UnknownAgent)
                {
                    await AlertAsync(AlertKind.UnknownAgent, "The agent is not in the directory: no contacts were emailed.");
                }
            }

            _status = _status with { Notification = outcome.Status };
            Report(LifecycleStage.ContactsNotified);
            return outcome;
        }

        private async Task<PresenceRestoreResult?> RestorePresenceAsync(PresenceSnapshot previous)
        {
            try
            {
                return await port.RunAsync(Steps.RestorePresence,
                    new RestorePresenceInput(KeyFor(_id, Steps.RestorePresence.Name), _call.AgentId, _call.AgentIdentity, previous));
            }
            catch (StepFailedException failure)
            {
                await AlertAsync(AlertKind.PresenceFailed, $"The previous presence could not be restored: {failure.Reason}");
                return null;
            }
        }

        private async Task AlertAsync(AlertKind kind, string message)
        {
            _alerts.Add(kind);
            _status = _status with { Alerts = [.. _alerts] };
            try
            {
                await port.RunAsync(Steps.AlertOperators,
                    new OperatorAlert(KeyFor(_id, $"{Steps.AlertOperators.Name}.{_alerts.Count}.{kind}"), _id, kind, message));
            }
            catch (StepFailedException)
            {
                // The alert is also in the status every operator view shows; a failed alert must not stop the emergency.
            }
        }

        private void Report(LifecycleStage stage)
        {
            _status = _status with { Stage = stage, Alerts = [.. _alerts] };
            port.ReportStatus(_status);
        }

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
    }
}
