namespace EmergencyFlow.Http.Supervisor;

/// <summary>A static file of the supervisor page.</summary>
/// <param name="Content">The bytes.</param>
/// <param name="ContentType">Its media type.</param>
public sealed record SupervisorAsset(byte[] Content, string ContentType);
