namespace EmergencyFlow.Engine.Sqlite.Tests.Support;

/// <summary>How long a test waits on a condition before it fails: generous, so a slow shared machine never fails a test that works.</summary>
internal static class Deadline
{
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    public static CancellationToken Token() => new CancellationTokenSource(Timeout).Token;
}
