using System.Security.Cryptography;
using System.Text.Json;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// Everything the supervisor page shows, computed the same way by both hosts from what the ops API
/// already reads. Every phone number in it is masked; timestamps are UTC.
/// </summary>
/// <param name="AsOf">The server's time of the view (virtual on a test clock): the page counts down from it.</param>
/// <param name="Alerts">Alerts that need an operator, newest first.</param>
/// <param name="Active">Running lifecycles, newest dial first.</param>
/// <param name="Leases">Live callback leases, soonest release first.</param>
/// <param name="Finished">Recently finished lifecycles, newest first.</param>
/// <param name="Pool">The pool's counts.</param>
/// <param name="Acknowledged">Alerts a supervisor acknowledged in the last 24 hours, newest acknowledgement first.</param>
public sealed record SupervisorView(
    DateTimeOffset AsOf,
    IReadOnlyList<SupervisorAlert> Alerts,
    IReadOnlyList<SupervisorEmergency> Active,
    IReadOnlyList<SupervisorLease> Leases,
    IReadOnlyList<SupervisorEmergency> Finished,
    SupervisorPool Pool,
    IReadOnlyList<SupervisorAcknowledgedAlert> Acknowledged)
{
    /// <summary>How many finished lifecycles the page lists.</summary>
    public const int FinishedShown = 10;

    /// <summary>How long an alert without a running lifecycle stays on the page.</summary>
    public static readonly TimeSpan AlertsKeptFor = TimeSpan.FromHours(24);

    /// <summary>Builds the view.</summary>
    /// <param name="now">The host's clock.</param>
    /// <param name="emergencies">Every lifecycle the host knows (any order).</param>
    /// <param name="pool">The callback pool.</param>
    /// <param name="alerts">Recorded alerts (may be empty: the lifecycles' own alert lists are used too).</param>
    /// <param name="routed">Callbacks routed to agents (may be empty where the host does not keep them).</param>
    /// <param name="agentName">The directory's display name for an agent id, or null.</param>
    /// <param name="acknowledgements">Acknowledgements of the last 24 hours (their alerts move to the history).</param>
    public static SupervisorView Build(
        DateTimeOffset now,
        IEnumerable<EmergencyView> emergencies,
        CallbackPoolState pool,
        IEnumerable<RaisedAlert> alerts,
        IEnumerable<RoutedCall> routed,
        Func<string, string?> agentName,
        IEnumerable<AlertAcknowledgement>? acknowledgements = null)
    {
        ArgumentNullException.ThrowIfNull(emergencies);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(routed);
        ArgumentNullException.ThrowIfNull(agentName);

        string NameOf(string? agentId) => agentId is null ? "Unknown agent" : agentName(agentId) ?? agentId;

        var all = emergencies.ToList();
        var active = all.Where(e => e.RuntimeStatus == "Running").OrderByDescending(e => e.PlacedAt ?? e.CreatedAt).ToList();
        var finished = all.Where(e => e.RuntimeStatus != "Running").OrderByDescending(e => e.UpdatedAt).Take(FinishedShown).ToList();
        var shown = active.Concat(finished).ToDictionary(e => e.InstanceId, StringComparer.Ordinal);

        var alertList = AlertsOf(shown, alerts, now - AlertsKeptFor, NameOf);

        var callbacks = routed.ToList();
        var leases = pool.LiveAt(now).OrderBy(n => n.Lease!.ExpiresAt).Select(n =>
        {
            var lease = n.Lease!;
            var masked = Mask.Phone(n.Number);
            var name = NameOf(lease.AgentId);
            var onCall = active.Any(e => e.AgentId == lease.AgentId && e.CallEndedAt is null);
            return new SupervisorLease(masked, lease.AgentId, name, lease.LeasedAt, lease.ExpiresAt, lease.Holds.Count, onCall,
                callbacks.Where(c => c.CalledMasked == masked && c.At >= lease.LeasedAt && c.At <= now).OrderBy(c => c.At)
                    .Select(c => new SupervisorCallback(c.At, $"Callback to {masked} rang {(c.AgentId is null ? name : NameOf(c.AgentId))} directly")).ToList());
        }).ToList();

        var leased = pool.LiveAt(now).Count();
        var acks = (acknowledgements ?? []).GroupBy(a => a.AlertId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(a => a.At).First(), StringComparer.Ordinal);
        var byId = alertList.GroupBy(a => a.Alert.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Alert, StringComparer.Ordinal);
        var acknowledged = acks.Values.OrderByDescending(a => a.At).Select(a => byId.TryGetValue(a.AlertId, out var alert)
            ? new SupervisorAcknowledgedAlert(a.AlertId, alert.Kind, alert.Title, alert.Message, alert.Docs, alert.InstanceId, alert.AgentName, alert.RaisedAt, a.By, a.Note, a.At)
            : new SupervisorAcknowledgedAlert(a.AlertId, string.Empty, "Alert no longer listed", string.Empty, AlertGuidance.RunbookPage, null, null, null, a.By, a.Note, a.At)).ToList();
        return new SupervisorView(
            now,
            alertList.Where(a => !acks.ContainsKey(a.Alert.Id)).OrderByDescending(a => a.Order).Select(a => a.Alert).ToList(),
            active.Select(e => Emergency(e, NameOf(e.AgentId))).ToList(),
            leases,
            finished.Select(e => Emergency(e, NameOf(e.AgentId))).ToList(),
            new SupervisorPool(pool.Numbers.Count - leased, leased, pool.Numbers.Count),
            acknowledged);
    }

    /// <summary>
    /// The alerts that concern <paramref name="lifecycles"/>, or were recorded at or after <paramref name="since"/>: the
    /// host's records, plus each lifecycle's own alert list (what Azure has) and a failed lifecycle. Ids are stable, so an
    /// acknowledgement finds its alert again in any later view.
    /// </summary>
    internal static List<(DateTimeOffset Order, SupervisorAlert Alert)> AlertsOf(
        IReadOnlyDictionary<string, EmergencyView> lifecycles, IEnumerable<RaisedAlert> alerts, DateTimeOffset since, Func<string?, string> nameOf)
    {
        var alertList = new List<(DateTimeOffset Order, SupervisorAlert Alert)>();
        var recorded = alerts.ToList();
        foreach (var a in recorded.Where(a => (a.InstanceId is not null && lifecycles.ContainsKey(a.InstanceId)) || a.RaisedAt >= since))
        {
            var guidance = AlertGuidance.For(a.Kind);
            var owner = a.InstanceId is not null && lifecycles.TryGetValue(a.InstanceId, out var e) ? e : null;
            alertList.Add((a.RaisedAt, new SupervisorAlert(
                $"{a.InstanceId ?? "none"}/{guidance.Kind}/{a.RaisedAt.UtcTicks}", guidance.Kind, guidance.Title, a.Message, guidance.Action, guidance.Docs,
                owner?.InstanceId, owner is null ? null : nameOf(owner.AgentId), a.RaisedAt)));
        }

        foreach (var e in lifecycles.Values)
        {
            foreach (var kind in e.Alerts.Distinct().Where(k => !recorded.Any(r => r.InstanceId == e.InstanceId && r.Kind == k)))
            {
                var guidance = AlertGuidance.For(kind);
                alertList.Add((e.UpdatedAt, new SupervisorAlert($"{e.InstanceId}/{guidance.Kind}", guidance.Kind, guidance.Title,
                    $"{guidance.Title} during the emergency call of {nameOf(e.AgentId)}.", guidance.Action, guidance.Docs, e.InstanceId, nameOf(e.AgentId), null)));
            }

            if (e.RuntimeStatus == "Failed")
            {
                var guidance = AlertGuidance.LifecycleFailed;
                alertList.Add((e.UpdatedAt, new SupervisorAlert($"{e.InstanceId}/{guidance.Kind}", guidance.Kind, guidance.Title,
                    $"The lifecycle of {nameOf(e.AgentId)}'s emergency call stopped at \"{OpsWording.Stage(e.Stage)}\".", guidance.Action, guidance.Docs,
                    e.InstanceId, nameOf(e.AgentId), e.UpdatedAt)));
            }
        }

        return alertList;
    }

    /// <summary>
    /// A strong validator of what the page shows: the view without <see cref="AsOf"/>, so polling an
    /// unchanged view answers 304 while the clock moves on.
    /// </summary>
    public string ETag()
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this with { AsOf = default }, OpsJson.Options);
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
    }

    /// <summary>True when an <c>If-None-Match</c> header value names this view's <see cref="ETag"/>.</summary>
    public static bool Matches(string? ifNoneMatch, string etag) =>
        !string.IsNullOrEmpty(ifNoneMatch)
        && ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == etag || t == "W/" + etag);

    private static SupervisorEmergency Emergency(EmergencyView e, string agentName)
    {
        var status = e.RuntimeStatus switch { "Running" => "running", "Completed" => "completed", _ => "failed" };
        return new SupervisorEmergency(
            e.InstanceId, status, e.AgentId ?? string.Empty, agentName, e.DialledNumber is null ? null : Mask.Phone(e.DialledNumber), e.Country, e.IsTest,
            e.Stage?.ToString(), status == "failed" ? "Failed at: " + OpsWording.Stage(e.Stage) : OpsWording.Stage(e.Stage), Steps(e),
            e.PlacedAt ?? e.CreatedAt, e.CallEndedAt, e.CallbackNumber, e.LeaseExpiresAt, OpsWording.Notification(e.Notification),
            e.Alerts.Distinct().Select(k => AlertGuidance.For(k).Title).ToList(), e.UpdatedAt);
    }

    private static List<SupervisorStep> Steps(EmergencyView e)
    {
        var stage = e.Stage is { } s ? (int)s : -1;
        var endedFirst = e.EndedBy == CallEndSource.BeforeStart;
        var exhausted = e.Alerts.Contains(AlertKind.PoolExhausted);
        var steps = new List<(string Text, bool Done, string? Other)>
        {
            ("Agent set to Do Not Disturb", stage >= (int)LifecycleStage.DoNotDisturbSet, endedFirst ? "skipped" : e.Alerts.Contains(AlertKind.PresenceFailed) ? "problem" : null),
            (exhausted ? "No callback number: pool exhausted" : "Callback number leased", stage >= (int)LifecycleStage.CallbackLeased, exhausted ? "problem" : null),
            (OpsWording.Notification(e.Notification), stage >= (int)LifecycleStage.ContactsNotified,
                e.Notification is NotificationStatus.Failed or NotificationStatus.UnknownAgent ? "problem" : null),
            (e.EndedBy == CallEndSource.Deadline ? "Call end never arrived" : e.CallEndedAt is null ? "Call in progress" : "Call ended", e.CallEndedAt is not null, e.EndedBy == CallEndSource.Deadline ? "problem" : null),
            ("Presence restored", stage >= (int)LifecycleStage.PresenceRestored, endedFirst ? "skipped" : null),
            ("Callback number released", stage >= (int)LifecycleStage.Completed, exhausted ? "skipped" : null),
        };
        var running = e.RuntimeStatus == "Running";
        var current = running ? steps.FindIndex(s => !s.Done && s.Other is null) : -1;
        return steps.Select((s, i) => new SupervisorStep(s.Text, s.Other ?? (s.Done ? "done" : i == current ? "current" : "pending"))).ToList();
    }
}
