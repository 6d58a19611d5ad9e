using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Engine.AzureStorage;

/// <summary>What <see cref="AzureStorageHostJson"/> made of a host.json: the provider's settings and what it could not apply.</summary>
public sealed partial class AzureStorageHostSettings
{
    internal AzureStorageHostSettings(AzureStorageOrchestrationServiceSettings settings, AzureStorageConnection connection, IReadOnlyList<HostJsonIssue> issues)
    {
        Settings = settings;
        Connection = connection;
        Issues = issues;
    }

    /// <summary>The Azure Storage provider's settings, as the Durable Functions extension would build them.</summary>
    public AzureStorageOrchestrationServiceSettings Settings { get; }

    /// <summary>The storage the task hub lives in.</summary>
    public AzureStorageConnection Connection { get; }

    /// <summary>Settings that were not applied, or applied differently than in Durable Functions; empty when all were.</summary>
    public IReadOnlyList<HostJsonIssue> Issues { get; }

    /// <summary>Writes the task hub, its storage and each issue to <paramref name="logger"/>.</summary>
    public void Log(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        LogTaskHub(logger, Settings.TaskHubName, Connection.Description, Settings.PartitionCount);
        foreach (var issue in Issues)
        {
            LogIssue(logger, issue.Path, issue.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure Storage task hub {TaskHub} in {Storage} with {PartitionCount} partitions (from host.json)")]
    private static partial void LogTaskHub(ILogger logger, string taskHub, string storage, int partitionCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "host.json {Path}: {Issue}")]
    private static partial void LogIssue(ILogger logger, string path, string issue);
}
