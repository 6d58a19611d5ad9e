using EmergencyFlow.Domain.Privacy;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Application.Logging;

/// <summary>The logger <see cref="MaskingLoggerProvider"/> hands out.</summary>
internal sealed class MaskingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = Mask.ForLog(formatter(state, null));
        if (exception is not null)
        {
            message += Environment.NewLine + Mask.Exception(exception);
        }

        inner.Log(logLevel, eventId, MaskedLogState.From(state, message), null, static (masked, _) => masked.Message);
    }
}
