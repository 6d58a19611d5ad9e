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

        private bool Revised => input.Revision >= LifecycleRevision.DirectoryIdentity;

        public async Task<LifecycleOutcome> ExecuteAsync()
        {
            _status = new(LifecycleStage.Started, _call.AgentId, _call.DialledNumber, _call.CountryIso, _call.IsTest,
                _call.PlacedAt, null, null, null, null, null, _alerts);
            Report(LifecycleStage.Started);
            var startedAt = port.UtcNow;

            // Presence and callbacks go to the identity the directory holds, never to the one an event claims.
            var identity = Revised ? await IdentifyAsync() : _call.AgentIdentity;
            var endedBeforeStart = input.EndedBeforeStartAt;
            var previous = endedBeforeStart is null && identity.Length > 0 ? await SetDoNotDisturbAsync(identity, startedAt + _settings.CallEndDeadline) : null;

            var lease = await LeaseAsync(identity, endedBeforeStart, startedAt);
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
                var reported = await WaitForCallEndAsync(startedAt);

                // The end event's own time counts (delivery may lag), but never later than when we saw it.
                // ...and never before the call was placed (a wrong clock must not end the callback window early).
                end = reported with { At = Max(Min(reported.At, port.UtcNow), _call.PlacedAt) };
                _status = _status with { CallEndedAt = end.At, EndedBy = end.Source };
                if (end.TimedOut)
                {
                    await AlertAsync(AlertKind.CallEndMissing,
                        $"No call end arrived within {_settings.CallEndDeadline.TotalHours:0.#} h; presence restored at the deadline.");
                }

                restore = previous is null ? null : await RestorePresenceAsync(identity, previous);
                Report(LifecycleStage.PresenceRestored);
            }

            if (lease.Status == LeaseStatus.Leased)
            {
                var expiresAt = end.At + _settings.CallbackWindow;
                if (endedBeforeStart is null)
                {
                    await ExtendAsync(lease, expiresAt);
                }

                _status = _status with { LeaseExpiresAt = expiresAt };
                Report(LifecycleStage.CallbackWindowOpen);
                await port.SleepUntilAsync(expiresAt);
                await port.SignalPoolAsync(PoolOperations.Release, new ReleaseRequest(lease.LeaseId, port.UtcNow));
            }

            Report(LifecycleStage.Completed);
            return new(_status, previous, restore, lease.Number, notification, end);
        }

        /// <summary>
        /// The directory's identity for the agent. An agent missing from the directory is protected as far as is safe
        /// without knowing who they are: no presence change (it would land on whoever the event named), a callback
        /// number still leased but callbacks to it go to the contact centre's fallback, operators alerted. When the
        /// directory cannot be read at all, the event's identity is used rather than leave a real agent without DND.
        /// </summary>
        private async Task<string> IdentifyAsync()
        {
            AgentIdentityCheck check;
            try
            {
                check = await port.RunAsync(Steps.IdentifyAgent, new IdentifyAgentInput(KeyFor(_id, Steps.IdentifyAgent.Name), _call.AgentId, _call.AgentIdentity));
            }
            catch (StepFailedException failure)
            {
                await AlertAsync(AlertKind.PresenceFailed, $"The agent directory could not be read; the dialer's identity was used for presence: {failure.Reason}");
                return _call.AgentIdentity;
            }

            if (!check.InDirectory)
            {
                await AlertAsync(AlertKind.UnknownAgent,
                    "The agent is not in the directory: no Do Not Disturb and nobody emailed; callbacks to the leased number go to the contact centre's fallback.");
                return string.Empty;
            }

            if (!check.MatchesClaim)
            {
                await AlertAsync(AlertKind.IdentityMismatch,
                    "The dialer's event named another identity for this agent; the directory's identity was used for presence and callbacks.");
            }

            return check.Identity!;
        }

        private async Task<PresenceSnapshot?> SetDoNotDisturbAsync(string identity, DateTimeOffset until)
        {
            try
            {
                var previous = await port.RunAsync(Steps.SetDoNotDisturb,
                    new SetDoNotDisturbInput(KeyFor(_id, Steps.SetDoNotDisturb.Name), _call.AgentId, identity, until));
                Report(LifecycleStage.DoNotDisturbSet);
                return previous;
            }
            catch (StepFailedException failure)
            {
                await AlertAsync(AlertKind.PresenceFailed, $"Do Not Disturb could not be set: {failure.Reason}");
                return null;
            }
        }

        private async Task<LeaseOutcome> LeaseAsync(string identity, DateTimeOffset? endedBeforeStart, DateTimeOffset startedAt)
        {
            // Until the call ends the hold covers the longest the call may last; the end then moves it
            // to end + window (one Extend), so the lease never lapses during a long call.
            var holdUntil = endedBeforeStart is { } ended
                ? ended + _settings.CallbackWindow
                : startedAt + _settings.CallEndDeadline + _settings.CallbackWindow;
            LeaseOutcome lease;
            try
            {
                lease = await port.CallPoolAsync(PoolOperations.Lease, new LeaseRequest(_call.AgentId, identity, LeaseIdFor(_id), port.UtcNow, holdUntil));
            }
            catch (PoolOperationFailedException failure)
            {
                // Exactly like an exhausted pool: DND and the email still happen, the email says there is no callback number.
                await AlertAsync(AlertKind.PoolUnavailable, $"The callback pool could not lease a number ({failure.Reason}): the emergency went on without one.");
                lease = LeaseOutcome.Exhausted(LeaseIdFor(_id));
            }

            _status = _status with { CallbackNumberMasked = lease.Number is null ? null : Mask.Phone(lease.Number), LeaseExpiresAt = lease.ExpiresAt };
            if (lease.Status != LeaseStatus.Leased && !_alerts.Contains(AlertKind.PoolUnavailable))
            {
                await AlertAsync(AlertKind.PoolExhausted, "No free callback number: the emergency went on without a dedicated callback number.");
            }

            Report(LifecycleStage.CallbackLeased);
            return lease;
        }

        private async Task ExtendAsync(LeaseOutcome lease, DateTimeOffset expiresAt)
        {
            try
            {
                await port.CallPoolAsync(PoolOperations.Extend, new ExtendRequest(lease.LeaseId, expiresAt, port.UtcNow));
            }
            catch (PoolOperationFailedException failure)
            {
                await AlertAsync(AlertKind.PoolUnavailable,
                    $"The callback lease could not be moved to the end of the call ({failure.Reason}); it still runs until its first end. Check the lease by hand.");
            }
        }

        /// <summary>
        /// Waits for the call's end until the deadline. From revision 2, operators hear first when no end signal has come
        /// after the silence alert (well before the deadline): the dialer's call-ended event is the only end for most calls.
        /// </summary>
        private async Task<CallEnd> WaitForCallEndAsync(DateTimeOffset startedAt)
        {
            var deadline = startedAt + _settings.CallEndDeadline;
            if (Revised && _settings.CallEndSilenceAlert is { } silence && silence > TimeSpan.Zero && silence < _settings.CallEndDeadline)
            {
                var first = await port.WaitForCallEndAsync(startedAt + silence);
                if (!first.TimedOut)
                {
                    return first;
                }

                await AlertAsync(AlertKind.CallEndSilent,
                    $"No end signal after {silence.TotalMinutes:0} min: the agent stays in Do Not Disturb until the call ends or {_settings.CallEndDeadline.TotalHours:0.#} h pass. Check that the dialer sends its call-ended event.");
            }

            return await port.WaitForCallEndAsync(deadline);
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
                else if (outcome.Status == NotificationStatus.UnknownAgent && !_alerts.Contains(AlertKind.UnknownAgent))
                {
                    await AlertAsync(AlertKind.UnknownAgent, "The agent is not in the directory: no contacts were emailed.");
                }

                if (Revised && outcome.RejectedContacts > 0)
                {
                    await AlertAsync(AlertKind.ContactsSkipped,
                        $"{outcome.RejectedContacts} stored emergency contact(s) could not be emailed and were skipped: phone them and fix the agent's contacts. {outcome.Detail}");
                }

                if (Revised && outcome.RefusedRecipients is { Count: > 0 } refused)
                {
                    await AlertAsync(AlertKind.RecipientsRefused,
                        $"The mail service refused {string.Join(", ", refused)}; the other contacts were emailed. Phone the refused contact(s).");
                }
            }

            _status = _status with { Notification = outcome.Status };
            Report(LifecycleStage.ContactsNotified);
            return outcome;
        }

        private async Task<PresenceRestoreResult?> RestorePresenceAsync(string identity, PresenceSnapshot previous)
        {
            try
            {
                return await port.RunAsync(Steps.RestorePresence,
                    new RestorePresenceInput(KeyFor(_id, Steps.RestorePresence.Name), _call.AgentId, identity, previous));
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
