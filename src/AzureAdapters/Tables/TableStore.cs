using System.Text.Json;
using Azure;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Application.Lifecycle;
using EmergencyFlow.Application.Notifications;
using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.AzureAdapters.Tables;

/// <summary>
/// Agents directory, notification template, step memory and the outbox index in one Azure Table
/// (managed identity; partition per kind). Strongly consistent, so the ops API reads what it wrote.
/// </summary>
/// <param name="table">The table.</param>
/// <param name="deadLetterBlobs">
/// Where a dead letter too large for a table row is kept whole (the storage account's dead-letter container); null
/// keeps only what fits in the row and says so.
/// </param>
public sealed class TableStore(TableClient table, BlobContainerClient? deadLetterBlobs = null)
    : IAgentDirectory, IStepMemory, IEventStore, IRecordRetention, IAlertAcknowledgements
{
    private const string Agents = "agent";
    private const string Settings = "setting";
    private const string Memory = "memory";
    private const string Outbox = "outbox";
    private const string EarlyEnds = "early-end";
    private const string DeadLetters = "dead-letter";
    private const string Acknowledgements = "alert-ack";
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

    /// <summary>
    /// The most characters a dead letter's payload keeps in its row: a table string property holds 64 KiB of UTF-16,
    /// 32,768 characters, and the row keeps room for the rest.
    /// </summary>
    public const int MaxPayloadInRow = 30_000;

    /// <summary>
    /// Keeps an unreadable event or body: in its row when it fits, else whole in a blob the row names; when the blob
    /// cannot be written either, the row keeps the first <see cref="MaxPayloadInRow"/> characters and says plainly what
    /// was cut. Never fails because of the payload's size (a failure here would be a 5xx, and Event Grid would retry it
    /// for a day).
    /// </summary>
    public async Task RecordDeadLetterAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        await EnsureTableAsync(cancellationToken);
        var row = new TableEntity(DeadLetters, rowKey)
        {
            ["At"] = letter.At,
            ["EventId"] = letter.EventId,
            ["EventType"] = letter.EventType,
            ["Reason"] = letter.Reason,
            ["Encoding"] = letter.Encoding,
            ["Truncated"] = letter.Truncated,
        };
        if (letter.Payload.Length <= MaxPayloadInRow)
        {
            row["Payload"] = letter.Payload;
        }
        else if (await KeepInBlobAsync(letter, rowKey, cancellationToken) is { } blobName)
        {
            row["PayloadBlob"] = blobName;
        }
        else
        {
            row["Payload"] = letter.Payload[..MaxPayloadInRow];
            row["Truncated"] = true;
            row["PayloadNote"] = string.Create(CultureInfo.InvariantCulture,
                $"Only the first {MaxPayloadInRow} of {letter.Payload.Length} characters are kept: the rest does not fit a table row and no blob could be written.");
        }

        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Retention: deletes what the event handling and the steps kept for a lifecycle (step memory, the outbox index,
    /// kept call ends, dead letters) and alert acknowledgements when last written before <paramref name="before"/>. Agents and the template
    /// are the operators' data and stay. Returns how many rows went.
    /// </summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var deleted = 0;
        foreach (var partition in new[] { Memory, Outbox, EarlyEnds, DeadLetters, Acknowledgements })
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Timestamp lt {before}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                using var _ = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One row per alert (an alert id can hold '/', which a row key cannot: the key is its SHA-256), added with
    /// insert-only semantics so two supervisors acknowledging at once cannot both win; the loser reads the winner's.
    /// </remarks>
    public async Task<AlertAcknowledgement> AcknowledgeAsync(AlertAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        await EnsureTableAsync(cancellationToken);
        var row = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(acknowledgement.AlertId)));
        try
        {
            await table.AddEntityAsync(new TableEntity(Acknowledgements, row)
            {
                ["AlertId"] = acknowledgement.AlertId,
                ["By"] = acknowledgement.By,
                ["Note"] = acknowledgement.Note,
                ["At"] = acknowledgement.At,
            }, cancellationToken);
            return acknowledgement;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            var earlier = (await table.GetEntityAsync<TableEntity>(Acknowledgements, row, cancellationToken: cancellationToken)).Value;
            return AcknowledgementOf(earlier);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertAcknowledgement>> ListAcknowledgementsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var found = new List<AlertAcknowledgement>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Acknowledgements} and At ge {since}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(AcknowledgementOf(row));
        }

        return [.. found.OrderByDescending(a => a.At)];
    }

    private static AlertAcknowledgement AcknowledgementOf(TableEntity row) =>
        new(row.GetString("AlertId"), row.GetString("By"), row.GetString("Note") ?? string.Empty, row.GetDateTimeOffset("At") ?? row.Timestamp ?? DateTimeOffset.MinValue);

    private async Task<string?> KeepInBlobAsync(DeadLetter letter, string rowKey, CancellationToken cancellationToken)
    {
        if (deadLetterBlobs is null)
        {
            return null;
        }

        var name = $"app/{rowKey}.{(letter.Encoding == "utf-8" ? "json" : "b64")}";
        try
        {
            await deadLetterBlobs.GetBlobClient(name).UploadAsync(BinaryData.FromString(letter.Payload), overwrite: true, cancellationToken);
            return name;
        }
        catch (RequestFailedException)
        {
            return null;
        }
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
