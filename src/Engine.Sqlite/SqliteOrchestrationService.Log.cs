using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>What the provider logs (ids only: instance ids are generated, never personal data).</summary>
public sealed partial class SqliteOrchestrationService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite orchestration store {Path} opened: {Messages} pending message(s), {Activities} pending activity invocation(s)")]
    private partial void LogLoaded(string path, int messages, int activities);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Count} message(s) for {InstanceId}: {Reason}")]
    private partial void LogDiscarded(string instanceId, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "A work item of {InstanceId} ended after a new start replaced the instance; its results were discarded")]
    private partial void LogReplacedMeanwhile(string instanceId);
}
