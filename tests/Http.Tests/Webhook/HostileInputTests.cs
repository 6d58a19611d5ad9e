using System.Text;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using EmergencyFlow.Application.Events;
using EmergencyFlow.Http.Webhook;

using EmergencyFlow.Application.Tests.Events;

namespace EmergencyFlow.Http.Tests.Webhook;

/// <summary>Issue 11's classes of broken input, each at its root in the shared event handling both hosts run.</summary>
public sealed class HostileInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 19, 0, 5, TimeSpan.Zero);
    private readonly RecordingEventHost _host = new();
    private readonly EmergencyEventHandler _handler;

    public HostileInputTests() => _handler = new EmergencyEventHandler(_host, NumberPlan.Default,
        new LifecycleSettings(TimeSpan.FromMinutes(60), TimeSpan.FromHours(4), false), new FixedTime(Now), NullLogger<EmergencyEventHandler>.Instance);

    private static string Placed(string callId, string location = "Building 4", string placedAt = "2026-11-21T19:00:00Z", string agentId = "agent-042") =>
        $$$"""{"id":"e-{{{callId}}}","subject":"s","eventType":"EmergencyFlow.Dialer.OutboundCallPlaced.V1","eventTime":"2026-11-21T19:00:00Z","dataVersion":"1.0","data":{"agentId":"{{{agentId}}}","agentAcsId":"8:acs:agent-042","dialledNumber":"911","country":"US","serverCallId":"{{{callId}}}","placedAt":"{{{placedAt}}}","location":"{{{location}}}"}}""";

    private const string Unrelated = """{"id":"u-1","subject":"s","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-11-21T19:00:00Z","dataVersion":"1.0","data":{"url":"BROKEN"}}""";

    private Task<DeliveryOutcome> DeliverAsync(byte[] body) => _handler.HandleDeliveryAsync(body, CancellationToken.None);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    [Fact]
    public async Task Invalid_UTF8_bytes_in_an_unrelated_event_never_stop_the_emergency_beside_it()
    {
        var parts = Unrelated.Split("BROKEN");
        var body = Concat(Utf8("[" + parts[0]), [0xC3, 0x28, 0xFF, 0xFE], Utf8(parts[1] + "," + Placed("call-utf8") + "]"));

        var outcome = await DeliverAsync(body);

        outcome.Results.Select(r => r.Outcome).ShouldBe([EventOutcome.Ignored, EventOutcome.Started]);
        _host.Started.Keys.ShouldBe(["emergency-call-utf8"]);
    }

    [Fact]
    public async Task A_lone_UTF16_surrogate_escape_in_an_unrelated_event_never_stops_the_emergency_beside_it()
    {
        var outcome = await DeliverAsync(Utf8("[" + Unrelated.Replace("BROKEN", "\\ud800", StringComparison.Ordinal) + "," + Placed("call-surrogate") + "]"));

        outcome.Results.Select(r => r.Outcome).ShouldBe([EventOutcome.Ignored, EventOutcome.Started]);
        _host.Started.ShouldContainKey("emergency-call-surrogate");
    }

    [Fact]
    public async Task A_location_cut_in_the_middle_of_a_character_is_repaired_recorded_and_the_emergency_starts()
    {
        var outcome = await DeliverAsync(Utf8(Placed("call-location", location: "Main St \\ud83d")));

        var result = outcome.Results.ShouldHaveSingleItem();
        result.Outcome.ShouldBe(EventOutcome.Started);
        result.Repairs.ShouldNotBeEmpty();
        _host.Started["emergency-call-location"].Call.Location.ShouldBe("Main St \uFFFD");
    }

    [Fact]
    public async Task A_location_with_invalid_UTF8_bytes_is_repaired_and_the_emergency_starts()
    {
        var parts = Placed("call-bytes", location: "CUT").Split("CUT");
        var outcome = await DeliverAsync(Concat(Utf8(parts[0] + "Main St "), [0xE2, 0x82], Utf8(parts[1])));

        outcome.Results.ShouldHaveSingleItem().Outcome.ShouldBe(EventOutcome.Started);
        _host.Started["emergency-call-bytes"].Call.Location!.ShouldStartWith("Main St");
    }

    [Fact]
    public async Task A_damaged_required_field_is_refused_with_its_name_and_kept_whole()
    {
        var outcome = await DeliverAsync(Utf8(Placed("call-agent", agentId: "agent\\udc00")));

        var result = outcome.Results.ShouldHaveSingleItem();
        result.Outcome.ShouldBe(EventOutcome.Malformed);
        result.Detail.ShouldContain("data.agentId");
        _host.DeadLetters.ShouldHaveSingleItem().Payload.ShouldContain("agent\\udc00");
        _host.Started.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("2031-06-01T00:00:00Z")]
    [InlineData("1999-01-01T00:00:00Z")]
    public async Task An_absurd_call_time_is_replaced_by_the_receipt_time_and_the_emergency_starts(string placedAt)
    {
        var outcome = await DeliverAsync(Utf8(Placed("call-time", placedAt: placedAt)));

        var result = outcome.Results.ShouldHaveSingleItem();
        result.Outcome.ShouldBe(EventOutcome.Started);
        result.Repairs.ShouldContain(r => r.Contains("data.placedAt", StringComparison.Ordinal));
        _host.Started["emergency-call-time"].Call.PlacedAt.ShouldBe(Now);
    }

    [Fact]
    public async Task A_delivery_of_more_than_five_thousand_events_is_refused_whole_and_kept_as_one_dead_letter()
    {
        var body = Utf8("[" + string.Join(",", Enumerable.Repeat("1", DeliveryReader.MaxEventsPerDelivery + 1)) + "]");

        var outcome = await DeliverAsync(body);

        outcome.HasUnreadable.ShouldBeTrue();
        outcome.Results.ShouldBeEmpty();
        outcome.Problem.ShouldNotBeNull().ShouldContain("more than 5000 events");
        _host.DeadLetters.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_delivery_of_five_thousand_events_is_read_event_by_event()
    {
        var body = Utf8("[" + Placed("call-first") + "," + string.Join(",", Enumerable.Repeat(Unrelated.Replace("BROKEN", "x", StringComparison.Ordinal), DeliveryReader.MaxEventsPerDelivery - 1)) + "]");

        var outcome = await DeliverAsync(body);

        outcome.Results.Count.ShouldBe(DeliveryReader.MaxEventsPerDelivery);
        _host.Started.ShouldContainKey("emergency-call-first");
    }

    [Theory]
    [InlineData("2026-11-20T18:44:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public async Task An_event_older_than_event_grids_retry_window_is_a_dead_letter_and_starts_nothing(string eventTime)
    {
        var outcome = await DeliverAsync(Utf8(Placed("call-replayed").Replace("\"eventTime\":\"2026-11-21T19:00:00Z\"", $"\"eventTime\":\"{eventTime}\"", StringComparison.Ordinal)));

        var result = outcome.Results.ShouldHaveSingleItem();
        result.Outcome.ShouldBe(EventOutcome.Malformed);
        result.Detail.ShouldContain("24-hour retry window");
        _host.Started.ShouldBeEmpty();
        _host.DeadLetters.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task An_event_a_day_old_is_still_a_delivery()
    {
        var outcome = await DeliverAsync(Utf8(Placed("call-retried").Replace("\"eventTime\":\"2026-11-21T19:00:00Z\"", "\"eventTime\":\"2026-11-20T19:00:00Z\"", StringComparison.Ordinal)));

        outcome.Results.ShouldHaveSingleItem().Outcome.ShouldBe(EventOutcome.Started);
    }

    [Fact]
    public async Task An_end_before_the_start_is_taken_as_the_start()
    {
        var ended = Placed("call-ended").Replace("OutboundCallPlaced", "OutboundCallEnded", StringComparison.Ordinal)
            .Replace("\"location\"", "\"endedAt\":\"2026-11-19T00:00:00Z\",\"location\"", StringComparison.Ordinal);

        var outcome = await DeliverAsync(Utf8(ended));

        var result = outcome.Results.ShouldHaveSingleItem();
        result.Outcome.ShouldBe(EventOutcome.StartedAfterEnd);
        _host.Started["emergency-call-ended"].EndedBeforeStartAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 19, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_binary_body_is_kept_whole_in_base64_as_a_dead_letter()
    {
        byte[] body = [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0x00, 0x13];

        var outcome = await DeliverAsync(body);

        outcome.HasUnreadable.ShouldBeTrue();
        var letter = _host.DeadLetters.ShouldHaveSingleItem();
        letter.Encoding.ShouldBe("base64");
        Convert.FromBase64String(letter.Payload).ShouldBe(body);
    }

    [Fact]
    public async Task A_truncated_batch_runs_the_events_before_the_cut_and_keeps_the_body()
    {
        var body = "[" + Placed("call-before-cut") + "," + Placed("call-cut")[..40];

        var outcome = await DeliverAsync(Utf8(body));

        outcome.Problem.ShouldNotBeNull();
        outcome.Results.ShouldHaveSingleItem().Outcome.ShouldBe(EventOutcome.Started);
        _host.DeadLetters.ShouldHaveSingleItem().Payload.ShouldBe(body);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_answered_413_without_being_read()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentLength = DeliveryReader.MaxBodyBytes + 1;
        context.Request.Body = new MemoryStream(new byte[DeliveryReader.MaxBodyBytes + 1]);

        var result = await EventGridWebhook.HandleAsync(context.Request, _handler, CancellationToken.None);

        (await StatusOf(result)).ShouldBe(413);
        _host.Records.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("evil.example.com\r\nSet-Cookie: x=1")]
    [InlineData("caf\u00e9.example.com")]
    [InlineData("a\u0000b")]
    public async Task A_handshake_origin_with_control_or_non_ASCII_characters_is_answered_400_and_never_echoed(string origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["WebHook-Request-Origin"] = origin;

        var result = EventGridWebhook.Handshake(context.Request);

        (await StatusOf(result)).ShouldBe(400);
        context.Response.Headers.ContainsKey("WebHook-Allowed-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task A_plain_handshake_origin_is_allowed()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["WebHook-Request-Origin"] = "eventgrid.azure.net";

        var result = EventGridWebhook.Handshake(context.Request);

        (await StatusOf(result)).ShouldBe(200);
        context.Response.Headers["WebHook-Allowed-Origin"].ToString().ShouldBe("eventgrid.azure.net");
    }

    private static Task<int> StatusOf(IResult result) => Task.FromResult((result is INestedHttpResult nested ? nested.Result : result) switch
    {
        IStatusCodeHttpResult { StatusCode: { } status } => status,
        _ => throw new InvalidOperationException($"No status on {result.GetType().Name}."),
    });

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
