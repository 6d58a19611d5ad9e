using System.Text.Json.Nodes;
using EmergencyFlow.Hosting.Events;

namespace EmergencyFlow.Conformance.Tests;

/// <summary>Builds Event Grid deliveries the way the dialer and ACS send them.</summary>
public static class Events
{
    public const string Agent = "agent-042";
    public const string AgentIdentity = "8:acs:agent-042";
    public const string OtherAgent = "agent-007";
    public const string OtherAgentIdentity = "8:acs:agent-007";
    public const string Number = "+14255550123";
    public const string OtherNumber = "+14255550124";

    private static int _ids;

    public static string InstanceIdFor(string callId) => "emergency-" + callId;

    public static JsonObject Placed(string callId, DateTimeOffset at, string agent = Agent, string identity = AgentIdentity, string dialled = "911") =>
        Envelope(EventTypes.OutboundCallPlaced, at, new JsonObject
        {
            ["agentId"] = agent,
            ["agentAcsId"] = identity,
            ["dialledNumber"] = dialled,
            ["country"] = "US",
            ["serverCallId"] = callId,
            ["placedAt"] = at.ToString("O"),
            ["location"] = "Building 4, floor 2",
        });

    public static JsonObject DialerEnded(string callId, DateTimeOffset placedAt, DateTimeOffset endedAt, string agent = Agent, string identity = AgentIdentity)
    {
        var e = Placed(callId, placedAt, agent, identity);
        e["eventType"] = EventTypes.OutboundCallEnded;
        e["data"]!["endedAt"] = endedAt.ToString("O");
        return e;
    }

    public static JsonObject AcsEnded(string callId, DateTimeOffset at) =>
        Envelope(EventTypes.AcsCallEnded, at, new JsonObject { ["serverCallId"] = callId });

    public static JsonObject IncomingCall(string to, DateTimeOffset at) =>
        Envelope(EventTypes.AcsIncomingCall, at, new JsonObject
        {
            ["to"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:" + to },
            ["from"] = new JsonObject { ["kind"] = "phoneNumber", ["rawId"] = "4:+14255550911" },
            ["serverCallId"] = "callback-" + Interlocked.Increment(ref _ids),
            ["incomingCallContext"] = "context-" + _ids,
        });

    public static JsonObject Bounce(string messageId, DateTimeOffset at) =>
        Envelope(EventTypes.AcsEmailDeliveryReportReceived, at, new JsonObject
        {
            ["sender"] = "DoNotReply@emergencyflow.local",
            ["recipient"] = "ana.family@contoso.com",
            ["messageId"] = messageId,
            ["status"] = "Bounced",
            ["deliveryAttemptTimestamp"] = at.ToString("O"),
        });

    public static string Batch(params JsonNode[] events) => new JsonArray(events.Select(e => e.DeepClone()).ToArray()).ToJsonString();

    private static JsonObject Envelope(string type, DateTimeOffset at, JsonObject data) => new()
    {
        ["id"] = "event-" + Interlocked.Increment(ref _ids),
        ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventGrid/topics/t",
        ["subject"] = "conformance",
        ["eventType"] = type,
        ["eventTime"] = at.ToString("O"),
        ["data"] = data,
        ["dataVersion"] = "1.0",
        ["metadataVersion"] = "1",
    };
}
