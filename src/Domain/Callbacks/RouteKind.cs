using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Callbacks;

/// <summary>What to do with an incoming call to a number.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RouteKind>))]
public enum RouteKind
{
    /// <summary>A live callback: ring the agent with top priority, bypassing routing rules, capacity and presence.</summary>
    RingAgent,

    /// <summary>Not a callback pool number: the contact centre's normal routing answers it, this app does nothing.</summary>
    NormalRouting,

    /// <summary>A pool number without a live lease (or without a known agent): redirected to the contact centre's fallback, operators alerted.</summary>
    Fallback,
}
