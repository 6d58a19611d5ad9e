using DurableTask.Core;
using EmergencyFlow.Sqlite;
using Microsoft.Data.Sqlite;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>An instance row about to be written: the query columns and the whole state as JSON.</summary>
internal sealed class InstanceRow
{
    private InstanceRow(OrchestrationState state, bool isEntity)
    {
        State = state;
        IsEntity = isEntity;
        Json = isEntity ? WithoutInput(state) : DurableJson.Write(state);
    }

    public OrchestrationState State { get; }

    public OrchestrationStatus Status => State.OrchestrationStatus;

    public bool IsEntity { get; }

    public string Json { get; }

    /// <summary>
    /// The state DurableTask.Core built, with the provider's clock for every time it carries: last
    /// updated; completed; created (<paramref name="created"/>, the time stamped on the execution's row
    /// when the client created it, else now: DurableTask.Core would put the real clock's time of the
    /// start event there, which a query on creation time must not see change under a fake clock). An
    /// entity's row is created anew by each batch: entity queries report it as last modified.
    /// </summary>
    public static InstanceRow From(OrchestrationState state, DateTime now, bool isEntity, DateTime? created)
    {
        state.LastUpdatedTime = now;
        state.CreatedTime = isEntity ? now : created ?? now;

        if (IsFinished(state.OrchestrationStatus))
        {
            state.CompletedTime = now;
        }

        return new InstanceRow(state, isEntity);
    }

    /// <summary>The row of an instance just created: pending, its input and name from the start event.</summary>
    public static InstanceRow Pending(TaskMessage creation, DateTime now)
    {
        var started = (DurableTask.Core.History.ExecutionStartedEvent)creation.Event;
        var state = new OrchestrationState
        {
            OrchestrationInstance = creation.OrchestrationInstance,
            Name = started.Name,
            Version = started.Version,
            Input = started.Input,
            Tags = started.Tags,
            ParentInstance = started.ParentInstance,
            ScheduledStartTime = started.ScheduledStartTime,
            Generation = started.Generation,
            OrchestrationStatus = OrchestrationStatus.Pending,
            CreatedTime = now,
            LastUpdatedTime = now,
            CompletedTime = DateTime.MaxValue,
        };
        return new InstanceRow(state, DurableTask.Core.Common.Entities.IsEntityInstance(creation.OrchestrationInstance.InstanceId));
    }

    /// <summary>
    /// An entity's input is its whole state (the callback pool: every number and lease), and its history's
    /// start event holds it already: the row keeps the rest, so a batch writes the state once, not twice.
    /// Reads put it back from the history (<see cref="SqliteOrchestrationService.ReadEntityState"/>).
    /// </summary>
    private static string WithoutInput(OrchestrationState state)
    {
        var input = state.Input;
        state.Input = null;
        try
        {
            return DurableJson.Write(state);
        }
        finally
        {
            state.Input = input;
        }
    }

    public static bool IsFinished(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    public void Write(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, transaction, Schema.UpsertInstance,
            ("$instance", State.OrchestrationInstance.InstanceId),
            ("$execution", State.OrchestrationInstance.ExecutionId ?? string.Empty),
            ("$name", State.Name ?? string.Empty),
            ("$status", (int)State.OrchestrationStatus),
            ("$entity", IsEntity ? 1 : 0),
            ("$created", State.CreatedTime.ToUniversalTime().Ticks),
            ("$updated", State.LastUpdatedTime.ToUniversalTime().Ticks),
            ("$completed", IsFinished(State.OrchestrationStatus) ? State.CompletedTime.ToUniversalTime().Ticks : null),
            ("$custom", State.Status),
            ("$state", Json));
}
