namespace EmergencyFlow.Engine.AzureStorage;

/// <summary>A host.json setting the engine read but does not apply as Durable Functions would, or does not know.</summary>
/// <param name="Path">Where it is, e.g. <c>extensions:durableTask:tracing</c>.</param>
/// <param name="Message">What the engine does with it.</param>
public sealed record HostJsonIssue(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
