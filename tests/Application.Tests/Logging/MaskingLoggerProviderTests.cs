using EmergencyFlow.Application.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EmergencyFlow.Application.Tests.Logging;

public sealed partial class MaskingLoggerProviderTests
{
    private readonly FakeLogCollector _collector;
    private readonly ILogger _logger;

    public MaskingLoggerProviderTests()
    {
        var services = new ServiceCollection().AddLogging(logging => logging.AddFakeLogging()).MaskPersonalDataInLogs().BuildServiceProvider();
        _collector = services.GetFakeLogCollector();
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("test");
    }

    [Fact]
    public void Phone_numbers_and_addresses_in_the_message_and_in_its_values_are_masked()
    {
        LogCall(_logger, "+14255550123", "ana.lima@contoso.com");

        var record = _collector.LatestRecord;
        record.Message.ShouldNotContain("4255550123");
        record.Message.ShouldNotContain("ana.lima@contoso.com");
        record.Message.ShouldContain("+*********23");
        record.StructuredState!.ShouldContain(p => p.Key == "Number" && p.Value == "+*********23");
        record.StructuredState!.ShouldContain(p => p.Key == "{OriginalFormat}" && p.Value == "Call to {Number} by {Agent}");
        record.StructuredState!.Single(p => p.Key == "Agent").Value.ShouldNotBeNull().ShouldNotContain("ana.lima");
    }

    [Fact]
    public void A_line_break_or_a_bidi_override_in_a_value_cannot_forge_a_log_line()
    {
        LogEvent(_logger, "evt-1\r\n2026-11-21 ERROR forged line", "type\u202Eevil");

        var record = _collector.LatestRecord;
        record.Message.ShouldNotContain("\n");
        record.Message.ShouldNotContain("\u202E");
        record.Message.ShouldContain("evt-1\\u000d\\u000a2026-11-21 ERROR forged line");
    }

    [Fact]
    public void An_exception_is_written_masked_and_never_handed_to_the_provider()
    {
        var failure = new InvalidOperationException("Graph said: user ana.lima@contoso.com at +1 425 555 0123 not found");

        LogFailure(_logger, failure);

        var record = _collector.LatestRecord;
        record.Exception.ShouldBeNull();
        record.Message.ShouldContain("System.InvalidOperationException");
        record.Message.ShouldNotContain("ana.lima@contoso.com");
        record.Message.ShouldNotContain("555 0123");
    }

    [Fact]
    public void Every_provider_registered_before_is_wrapped_once()
    {
        var services = new ServiceCollection().AddLogging(logging => logging.AddFakeLogging()).MaskPersonalDataInLogs();

        services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ShouldHaveSingleItem();
        services.BuildServiceProvider().GetServices<ILoggerProvider>().ShouldAllBe(p => p is MaskingLoggerProvider);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call to {Number} by {Agent}")]
    private static partial void LogCall(ILogger logger, string number, string agent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} of type {EventType}")]
    private static partial void LogEvent(ILogger logger, string eventId, string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Step failed")]
    private static partial void LogFailure(ILogger logger, Exception failure);
}
