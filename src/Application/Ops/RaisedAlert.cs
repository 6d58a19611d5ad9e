using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Application.Ops;

/// <summary>An operator alert as a host recorded it (the local host keeps them; in Azure they are in the lifecycle's status).</summary>
/// <param name="InstanceId">The lifecycle it belongs to, or null when none could be found (e.g. a bounce for an unknown message).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Message">A sentence without personal data (addresses masked).</param>
/// <param name="RaisedAt">When it was raised.</param>
public sealed record RaisedAlert(string? InstanceId, AlertKind Kind, string Message, DateTimeOffset RaisedAt);
