using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.AzureAdapters.Tests.Acs;

public class CallRedirectTests
{
    private static readonly DateTimeOffset RangAt = new(2026, 11, 21, 19, 20, 0, TimeSpan.Zero);

    [Fact]
    public void A_redirect_is_keyed_by_the_ringing_call_and_timed_by_its_event()
    {
        var call = new IncomingCallEvent("4:+14255550123", null, "context-1", new CallKey("server-call-1", "correlation-1"), RangAt);

        CallRedirect.For(call, "8:acs:agent").ShouldBe(new CallRedirect("context-1", "8:acs:agent", "callback-redirect.server-call-1", RangAt));
    }

    [Fact]
    public void Without_a_server_call_id_the_correlation_id_keys_the_redirect()
    {
        var call = new IncomingCallEvent("4:+14255550123", null, "context-1", new CallKey(null, "correlation-1"), null);

        var redirect = CallRedirect.For(call, "8:acs:agent");

        redirect.IdempotencyKey.ShouldBe("callback-redirect.correlation-1");
        redirect.FirstSentAt.ShouldBeNull();
    }
}
