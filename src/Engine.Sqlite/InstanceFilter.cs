using DurableTask.Core;

namespace EmergencyFlow.Engine.Sqlite;

/// <summary>Which instance rows a query, an entity query or a purge reads (keyset paging by instance id).</summary>
internal sealed record InstanceFilter
{
    public bool? Entities { get; init; }

    public IReadOnlyCollection<OrchestrationStatus>? Statuses { get; init; }

    public DateTime? CreatedFrom { get; init; }

    public DateTime? CreatedTo { get; init; }

    public string? InstanceIdPrefix { get; init; }

    /// <summary>Rows after this instance id (the continuation token).</summary>
    public string? After { get; init; }

    public int Limit { get; init; } = int.MaxValue;

    public const string Sql = """
        SELECT instance_id, state FROM instances
        WHERE ($entities IS NULL OR is_entity = $entities)
          AND ($mask IS NULL OR ((1 << status) & $mask) <> 0)
          AND ($from IS NULL OR created_at >= $from)
          AND ($to IS NULL OR created_at <= $to)
          AND ($prefix IS NULL OR (instance_id >= $prefix AND instance_id < $prefixEnd))
          AND ($after IS NULL OR instance_id > $after)
        ORDER BY instance_id
        LIMIT $limit
        """;

    public (string Name, object? Value)[] Parameters()
    {
        long? mask = null;
        if (Statuses is not null)
        {
            mask = 0;
            foreach (var status in Statuses)
            {
                mask |= 1L << (int)status;
            }
        }

        var prefix = string.IsNullOrEmpty(InstanceIdPrefix) ? null : InstanceIdPrefix;
        return
        [
            ("$entities", Entities is null ? null : Entities.Value ? 1 : 0),
            ("$mask", mask),
            ("$from", CreatedFrom is { } from && from != default ? from.ToUniversalTime().Ticks : null),
            ("$to", CreatedTo is { } to && to != default ? to.ToUniversalTime().Ticks : null),
            ("$prefix", prefix),
            ("$prefixEnd", prefix is null ? null : PrefixEnd(prefix)),
            ("$after", After),
            ("$limit", Limit == int.MaxValue ? -1 : Limit),
        ];
    }

    // The least string greater than every string starting with the prefix (SQLite compares text by code unit).
    private static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
