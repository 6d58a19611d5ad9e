using System.Globalization;
using System.Text.Json;
using DurableTask.Core.History;
using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Ops;

/// <summary>Reads a lifecycle's durable history as the actions operators see: steps, pool operations, timers, the call end.</summary>
public static class LifecycleHistory
{
    /// <summary>Pool operations are entity messages; the operation's name is in the request.</summary>
    private const string EntityPrefix = "@";

    /// <summary>The actions in the order the orchestration took them; a failed step carries its error.</summary>
    public static IReadOnlyList<EmergencyAction> Actions(IEnumerable<HistoryEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var events = history.ToList();
        var failures = events.OfType<TaskFailedEvent>().ToDictionary(f => f.TaskScheduledId, f => f.FailureDetails?.ErrorMessage ?? f.Reason);
        var actions = new List<EmergencyAction>();
        var callEndSeen = false;
        foreach (var e in events)
        {
            // Redelivered call ends reach the orchestration too; it takes the first and ignores the rest.
            if (e is EventRaisedEvent { Name: EmergencyLifecycle.CallEndedEvent })
            {
                if (callEndSeen)
                {
                    continue;
                }

                callEndSeen = true;
            }

            var action = e switch
            {
                TaskScheduledEvent step => new EmergencyAction(0, "Step", step.Name ?? "?", At(e), failures.GetValueOrDefault(step.EventId)),
                EventSentEvent sent when sent.InstanceId?.StartsWith(EntityPrefix, StringComparison.Ordinal) == true =>
                    new EmergencyAction(0, "Pool", PoolOperation(sent.Input), At(e), null),
                TimerCreatedEvent timer => new EmergencyAction(0, "Timer", timer.FireAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), At(e), null),
                EventRaisedEvent { Name: EmergencyLifecycle.CallEndedEvent } raised => new EmergencyAction(0, "Event", raised.Name, At(e), null),
                _ => null,
            };
            if (action is not null)
            {
                actions.Add(action with { Sequence = actions.Count });
            }
        }

        return actions;
    }

    private static DateTimeOffset At(HistoryEvent e) => new(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc));

    private static string PoolOperation(string? request)
    {
        if (request is null)
        {
            return "?";
        }

        try
        {
            using var document = JsonDocument.Parse(request);
            return document.RootElement.TryGetProperty("op", out var op) && op.ValueKind == JsonValueKind.String ? op.GetString()! : "?";
        }
        catch (JsonException)
        {
            return "?";
        }
    }
}
