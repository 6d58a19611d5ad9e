using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;
using Core = DurableTask.Core;

namespace EmergencyFlow.Engine.Client;

/// <summary>Between DurableTask.Core's client types and durabletask-dotnet's.</summary>
internal static class CoreConversions
{
    public static OrchestrationRuntimeStatus ToRuntimeStatus(this Core.OrchestrationStatus status) =>
        status switch
        {
            Core.OrchestrationStatus.Running => OrchestrationRuntimeStatus.Running,
            Core.OrchestrationStatus.Completed => OrchestrationRuntimeStatus.Completed,
#pragma warning disable CS0618 // ContinuedAsNew and Canceled are obsolete in durabletask-dotnet; a provider may still report them.
            Core.OrchestrationStatus.ContinuedAsNew => OrchestrationRuntimeStatus.ContinuedAsNew,
            Core.OrchestrationStatus.Canceled => OrchestrationRuntimeStatus.Canceled,
#pragma warning restore CS0618
            Core.OrchestrationStatus.Failed => OrchestrationRuntimeStatus.Failed,
            Core.OrchestrationStatus.Terminated => OrchestrationRuntimeStatus.Terminated,
            Core.OrchestrationStatus.Pending => OrchestrationRuntimeStatus.Pending,
            Core.OrchestrationStatus.Suspended => OrchestrationRuntimeStatus.Suspended,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration status."),
        };

    public static Core.OrchestrationStatus ToCore(this OrchestrationRuntimeStatus status) =>
        status switch
        {
            OrchestrationRuntimeStatus.Running => Core.OrchestrationStatus.Running,
            OrchestrationRuntimeStatus.Completed => Core.OrchestrationStatus.Completed,
#pragma warning disable CS0618 // See ToRuntimeStatus.
            OrchestrationRuntimeStatus.ContinuedAsNew => Core.OrchestrationStatus.ContinuedAsNew,
            OrchestrationRuntimeStatus.Canceled => Core.OrchestrationStatus.Canceled,
#pragma warning restore CS0618
            OrchestrationRuntimeStatus.Failed => Core.OrchestrationStatus.Failed,
            OrchestrationRuntimeStatus.Terminated => Core.OrchestrationStatus.Terminated,
            OrchestrationRuntimeStatus.Pending => Core.OrchestrationStatus.Pending,
            OrchestrationRuntimeStatus.Suspended => Core.OrchestrationStatus.Suspended,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown orchestration status."),
        };

    public static TaskFailureDetails? ToTaskFailureDetails(this Core.FailureDetails? details) =>
        details is null
            ? null
            : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure.ToTaskFailureDetails(), details.Properties);

    public static OrchestrationMetadata ToMetadata(this Core.OrchestrationState state, DataConverter converter, bool includeInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            // Without the converter, reading an input or output throws: the caller did not ask for them.
            DataConverter = includeInputsAndOutputs ? converter : null,
            RuntimeStatus = state.OrchestrationStatus.ToRuntimeStatus(),
            CreatedAt = AsUtc(state.CreatedTime),
            LastUpdatedAt = AsUtc(state.LastUpdatedTime),
            SerializedInput = includeInputsAndOutputs ? state.Input : null,
            SerializedOutput = includeInputsAndOutputs ? state.Output : null,
            SerializedCustomStatus = includeInputsAndOutputs ? state.Status : null,
            FailureDetails = state.FailureDetails.ToTaskFailureDetails(),
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
        };

    public static Core.Entities.EntityId ToCore(this EntityInstanceId id) => new(id.Name, id.Key);

    public static EntityInstanceId ToEntityInstanceId(this Core.Entities.EntityId id) => new(id.Name, id.Key);

    /// <summary>Storage hands times back with Kind Unspecified or Local as often as Utc; they are all UTC.</summary>
    public static DateTimeOffset AsUtc(DateTime time) =>
        time.Kind switch
        {
            DateTimeKind.Utc => new DateTimeOffset(time, TimeSpan.Zero),
            DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
            _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
        };
}
