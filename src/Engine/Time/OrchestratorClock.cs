using DurableTask.Core;
using DurableTask.Core.History;

namespace EmergencyFlow.Engine.Time;

/// <summary>
/// Gives orchestrations the engine's clock. DurableTask.Core appends an <see cref="OrchestratorStartedEvent"/>
/// stamped with <see cref="DateTime.UtcNow"/> to every orchestration work item, and the executor sets
/// <c>CurrentUtcDateTime</c> from the timestamps of those events as it replays. Re-stamping the new event
/// with the engine's <see cref="TimeProvider"/> before the orchestrator runs makes the orchestrator see
/// that clock; the stamp is persisted with the rest of the history, so every later replay reads the same
/// value and stays deterministic.
/// </summary>
internal static class OrchestratorClock
{
    public static void Stamp(OrchestrationRuntimeState state, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(clock);

        // Only the event this work item added: events loaded from storage are past events, never new ones.
        // (A continue-as-new adds another one to a fresh state, which reaches the middleware on its own.)
        for (var i = state.NewEvents.Count - 1; i >= 0; i--)
        {
            if (state.NewEvents[i] is OrchestratorStartedEvent started)
            {
                started.Timestamp = clock.GetUtcNow().UtcDateTime;
                return;
            }
        }
    }
}
