
namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>Input of the notification step: the activity loads the agent's contacts and the template.</summary>
/// <remarks><c>CountryIso</c> was added later with a default, so a request journaled before it still reads (its email gives UTC only).</remarks>
public sealed record NotificationRequest(
    string IdempotencyKey,
    string InstanceId,
    string AgentId,
    string DialledNumber,
    string CountryName,
    string? CallbackNumber,
    DateTimeOffset PlacedAt,
    string? Location,
    bool IsTest,
    string? CountryIso = null) : IStepInput;
