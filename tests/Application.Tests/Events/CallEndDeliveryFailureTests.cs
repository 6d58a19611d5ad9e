using EmergencyFlow.Application.Events;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EmergencyFlow.Application.Tests.Events;

/// <summary>
/// A call end whose delivery fails (its lifecycle has not started in time, storage is down) must survive for the
/// next delivery: the webhook fails, Event Grid sends the end again, and the end kept durably is still there.
/// </summary>
public sealed class CallEndDeliveryFailureTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);
    private readonly IEventHost _host = Substitute.For<IEventHost>();
    private readonly EmergencyEventHandler _handler;

    public CallEndDeliveryFailureTests()
    {
        _handler = new EmergencyEventHandler(_host, NumberPlan.Default, LifecycleSettings.Default, new FakeTimeProvider(T0), NullLogger<EmergencyEventHandler>.Instance);
        _host.FindLifecycleAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(LifecycleState.Live);
        _host.DeliverCallEndAsync(Arg.Any<string>(), Arg.Any<CallKey>(), Arg.Any<CallEnd>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException(new TimeoutException("The lifecycle did not start in time.")));
    }

    [Fact]
    public async Task An_end_whose_delivery_fails_fails_the_event_and_stays_kept_for_the_next_delivery()
    {
        var ended = new TranslatedEvent.CallEnded("event-1", EventTypes.OutboundCallEnded,
            new CallEndSignal(new CallKey("call-1", "corr-call-1"), T0, CallEndSource.Dialer, null));

        await Should.ThrowAsync<TimeoutException>(() => _handler.HandleAsync(ended, null, T0, CancellationToken.None));

        await _host.Received(1).KeepCallEndAsync(Arg.Is<CallKey>(c => c.ServerCallId == "call-1"), Arg.Any<CallEnd>(), Arg.Any<CancellationToken>());
        await _host.DidNotReceive().ForgetCallEndAsync(Arg.Any<CallKey>(), Arg.Any<CancellationToken>());
    }
}
