using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Callbacks;

/// <summary>How a lease request ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaseStatus>))]
public enum LeaseStatus
{
    /// <summary>A number is leased (new, or the agent's live one reused).</summary>
    Leased,

    /// <summary>No free number: the lifecycle goes on without a dedicated callback number.</summary>
    Exhausted,

    /// <summary>The lease id already belongs to another agent's lease (a caller bug); nothing changed.</summary>
    Refused,
}
