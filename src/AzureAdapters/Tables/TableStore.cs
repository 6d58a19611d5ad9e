using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Notifications;

namespace EmergencyFlow.AzureAdapters.Tables;

/// <summary>
/// Agents directory, notification template, step memory and the outbox index in one Azure Table
/// (managed identity; partition per kind). Strongly consistent, so the ops API reads what it wrote.
/// </summary>
public sealed class TableStore(TableClient table) : IAgentDirectory, IStepMemory, IEventStore
{
    private const string Agents = "agent";
    private const string Settings = "setting";
    private const string Memory = "memory";
    private const string Outbox = "outbox";
    private const string EarlyEnds = "early-end";
    private const string DeadLetters = "dead-letter";
    private const string TemplateRow = "notification-template";
    private const string Value = nameof(Value);
    private int _created;

    /// <inheritdoc />
    public async Task<AgentProfile?> FindAsync(string agentId, CancellationToken cancellationToken)
    {
        var row = await GetAsync(Agents, agentId, cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize<AgentProfile>(row.GetString(Value));
    }

    /// <summary>Every agent.</summary>
    public async Task<IReadOnlyList<AgentProfile>> ListAgentsAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var agents = new List<AgentProfile>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Agents}"), cancellationToken: cancellationToken))
        {
            agents.Add(JsonSerializer.Deserialize<AgentProfile>(row.GetString(Value))!);
        }

        return agents;
    }

    /// <summary>Creates or replaces an agent.</summary>
    public Task SaveAgentAsync(AgentProfile agent, CancellationToken cancellationToken) =>
        UpsertAsync(Agents, agent.AgentId, JsonSerializer.Serialize(agent), cancellationToken);

    /// <summary>Deletes an agent; false when unknown.</summary>
    public async Task<bool> DeleteAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        using var response = await table.DeleteEntityAsync(Agents, agentId, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <inheritdoc />
    public async Task<NotificationTemplate> GetTemplateAsync(CancellationToken cancellationToken)
    {
        var row = await GetAsync(Settings, TemplateRow, cancellationToken);
        return row is null ? NotificationTemplate.Default : JsonSerializer.Deserialize<NotificationTemplate>(row.GetString(Value))!;
    }

    /// <summary>Saves a validated template.</summary>
    public Task SaveTemplateAsync(NotificationTemplate template, CancellationToken cancellationToken) =>
        UpsertAsync(Settings, TemplateRow, JsonSerializer.Serialize(template), cancellationToken);

    /// <inheritdoc />
    public async Task<string?> RecallAsync(string key, CancellationToken cancellationToken) =>
        (await GetAsync(Memory, key, cancellationToken))?.GetString(Value);

    /// <inheritdoc />
    public async Task RememberAsync(string key, string value, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(Memory, key) { [Value] = value }, cancellationToken);
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            // The first value wins: a retry keeps what the first attempt saw.
        }
    }

    /// <summary>Remembers which lifecycle sent a message, for delivery reports.</summary>
    public Task RecordOutboxAsync(string messageId, string instanceId, CancellationToken cancellationToken) =>
        UpsertAsync(Outbox, messageId, instanceId, cancellationToken);

    /// <summary>The lifecycle that sent a message, or null.</summary>
    public async Task<string?> FindInstanceByMessageIdAsync(string messageId, CancellationToken cancellationToken) =>
        (await GetAsync(Outbox, messageId, cancellationToken))?.GetString(Value);

    /// <inheritdoc />
    public async Task KeepCallEndAsync(string instanceId, CallEnd end, CancellationToken cancellationToken) =>
        await UpsertAsync(EarlyEnds, instanceId, JsonSerializer.Serialize(end), cancellationToken);

    /// <inheritdoc />
    public async Task<CallEnd?> FindCallEndAsync(string instanceId, CancellationToken cancellationToken) =>
        await GetAsync(EarlyEnds, instanceId, cancellationToken) is { } row ? JsonSerializer.Deserialize<CallEnd>(row.GetString(Value)) : null;

    /// <inheritdoc />
    public async Task ForgetCallEndAsync(string instanceId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        using var _ = await table.DeleteEntityAsync(EarlyEnds, instanceId, ETag.All, cancellationToken);
    }

    /// <summary>Keeps an unreadable event or body whole (the payload is capped well under a table property's 64 KiB).</summary>
    public async Task RecordDeadLetterAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await EnsureTableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(DeadLetters, rowKey)
        {
            ["At"] = letter.At,
            ["EventId"] = letter.EventId,
            ["EventType"] = letter.EventType,
            ["Reason"] = letter.Reason,
            ["Payload"] = letter.Payload,
            ["Encoding"] = letter.Encoding,
            ["Truncated"] = letter.Truncated,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<TableEntity?> GetAsync(string partition, string row, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task UpsertAsync(string partition, string row, string value, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(partition, row) { [Value] = value }, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 0)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref _created, 1);
        }
    }
}
