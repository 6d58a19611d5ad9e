using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Numbers;
using Microsoft.Extensions.Logging.Abstractions;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.Application.Tests.Events;

public sealed class TelemetryTests
{
    [Fact]
    public async Task A_handled_emergency_is_one_span_tagged_with_its_lifecycle_and_counted_by_outcome()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EmergencyTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        var counted = new ConcurrentQueue<(string Instrument, long Value, string? Outcome)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EmergencyTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            counted.Enqueue((instrument.Name, value, tags.ToArray().FirstOrDefault(t => t.Key == "outcome").Value as string)));
        meters.Start();
        var callId = "telemetry-" + Guid.NewGuid().ToString("N");
        var handler = new EmergencyEventHandler(new RecordingEventHost(), NumberPlan.Default, LifecycleSettings.Default, TimeProvider.System,
            NullLogger<EmergencyEventHandler>.Instance);
        var now = DateTimeOffset.UtcNow.ToString("O");
        var body = $$$"""{"id":"t-1","subject":"s","eventType":"EmergencyFlow.Dialer.OutboundCallPlaced.V1","eventTime":"{{{now}}}","dataVersion":"1.0","data":{"agentId":"agent-1","agentAcsId":"8:acs:agent-1","dialledNumber":"911","country":"US","serverCallId":"{{{callId}}}","placedAt":"{{{now}}}"}}""";

        await handler.HandleDeliveryAsync(Encoding.UTF8.GetBytes(body), CancellationToken.None);

        var span = spans.Where(s => (string?)s.GetTagItem("lifecycle.instance_id") == "emergency-" + callId).ShouldHaveSingleItem();
        span.GetTagItem("outcome").ShouldBe("Started");
        counted.ShouldContain(c => c.Instrument == "emergencyflow.events" && c.Outcome == "Started" && c.Value == 1);
    }

    [Theory]
    [InlineData("EmergencyFlow.Dialer.OutboundCallPlaced.V1", "EmergencyFlow.Dialer.OutboundCallPlaced.V1")]
    [InlineData("Made.Up.Type.1234", "other")]
    [InlineData("Microsoft.Storage.BlobCreated", "other")]
    public void An_event_type_is_a_metric_label_only_when_EmergencyFlow_handles_it(string type, string label) =>
        EventTypes.ForMetrics(type).ShouldBe(label);
}
