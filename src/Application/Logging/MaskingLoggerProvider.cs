using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Application.Logging;

/// <summary>
/// Wraps a logger provider so nothing it writes carries personal data in clear or a forged line: every log record's
/// message and string values go through <see cref="Domain.Privacy.Mask.ForLog"/>, and an exception is written as
/// <see cref="Domain.Privacy.Mask.Exception"/> text instead of the exception itself (whose message a provider would
/// print raw). One rule for every log line of the process — ours, ASP.NET Core's, the Functions worker's, the
/// OpenTelemetry exporter's — so no call site can forget it.
/// </summary>
public sealed class MaskingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    /// <summary>The provider whose output is masked.</summary>
    public ILoggerProvider Inner { get; } = inner;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new MaskingLogger(Inner.CreateLogger(categoryName));

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (Inner is ISupportExternalScope scoped)
        {
            scoped.SetScopeProvider(scopeProvider);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Inner.Dispose();
}
