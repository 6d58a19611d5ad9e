using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.Application.Tests.Events;

public class EventTranslatorTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 21, 19, 0, 5, TimeSpan.Zero);

    private static IReadOnlyList<TranslatedEvent> Sample(string schema, string name) =>
        EventTranslator.TranslateBody(BinaryData.FromString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", schema, name + ".json"))), ReceivedAt);

    public static TheoryData<string> Schemas => new() { "eventgrid", "cloudevents" };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void The_dialers_outbound_call_placed_becomes_a_placed_call(string schema)
    {
        var placed = Sample(schema, "outbound-call-placed").ShouldHaveSingleItem().ShouldBeOfType<TranslatedEvent.CallPlaced>().Placed;

        placed.AgentId.ShouldBe("agent-042");
        placed.AgentIdentity.ShouldStartWith("8:acs:");
        placed.DialledNumber.ShouldBe("911");
        placed.Country.ShouldBe("US");
        placed.Call.CorrelationId.ShouldBe("7f3c1d2e-4b5a-4c6d-8e9f-0a1b2c3d4e5f");
        placed.PlacedAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 19, 0, 0, TimeSpan.Zero));
        placed.Location.ShouldBe("Building 4, floor 2, Redmond WA");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void The_dialers_outbound_call_ended_carries_the_calls_details_so_a_late_start_is_not_needed(string schema)
    {
        var end = Sample(schema, "outbound-call-ended").ShouldHaveSingleItem().ShouldBeOfType<TranslatedEvent.CallEnded>().End;

        end.Source.ShouldBe(CallEndSource.Dialer);
        end.EndedAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 19, 12, 0, TimeSpan.Zero));
        end.Details!.DialledNumber.ShouldBe("911");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void ACS_CallEnded_becomes_a_call_end_matching_the_same_lifecycle(string schema)
    {
        var acs = Sample(schema, "acs-call-ended").ShouldHaveSingleItem().ShouldBeOfType<TranslatedEvent.CallEnded>().End;
        var placed = Sample(schema, "outbound-call-placed").OfType<TranslatedEvent.CallPlaced>().Single().Placed;

        acs.Source.ShouldBe(CallEndSource.Acs);
        acs.Details.ShouldBeNull();
        acs.Call.CandidateInstanceIds.ShouldContain(placed.Call.InstanceId);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void ACS_IncomingCall_keeps_the_called_raw_id_the_call_context_and_the_event_time(string schema)
    {
        var call = Sample(schema, "incoming-call").ShouldHaveSingleItem().ShouldBeOfType<TranslatedEvent.IncomingCall>().Call;

        call.ToRawId.ShouldBe("4:+14255550123");
        call.FromRawId.ShouldBe("4:+14255550911");
        call.IncomingCallContext.ShouldNotBeNullOrWhiteSpace();
        call.At.ShouldBe(new DateTimeOffset(2026, 11, 21, 19, 20, 0, TimeSpan.Zero)); // the redirect's stable Repeatability-First-Sent
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void ACS_email_delivery_reports_keep_status_and_message_id(string schema)
    {
        var report = Sample(schema, "email-delivery-report").ShouldHaveSingleItem().ShouldBeOfType<TranslatedEvent.EmailDelivery>().Report;

        report.Status.ShouldBe("Bounced");
        report.MessageId.ShouldBe("9c0b2e1a-7f3d-5e4c-8b2a-1d0e9f8c7b6a");
    }

    [Fact]
    public void The_subscription_validation_handshake_yields_its_code() =>
        Sample("eventgrid", "subscription-validation").ShouldHaveSingleItem()
            .ShouldBeOfType<TranslatedEvent.SubscriptionValidation>().ValidationCode.ShouldBe("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");

    [Fact]
    public void One_malformed_event_in_a_batch_names_its_field_and_the_others_still_translate()
    {
        var events = Sample("eventgrid", "batch-with-one-malformed");

        events.Count.ShouldBe(3);
        events[0].ShouldBeOfType<TranslatedEvent.CallPlaced>();
        var bad = events[1].ShouldBeOfType<TranslatedEvent.Malformed>();
        bad.Field.ShouldBe("data.agentId");
        bad.EventId.ShouldBe("bad-event-0001");
        events[2].ShouldBeOfType<TranslatedEvent.CallPlaced>().Placed.AgentId.ShouldBe("agent-007");
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"Microsoft.Storage.BlobCreated","data":{}}""", "does not handle")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"EmergencyFlow.Dialer.OutboundCallPlaced.V2","data":{}}""", "Unsupported dialer contract")]
    public void Unknown_event_types_are_ignored_explicitly(string json, string reason) =>
        EventTranslator.TranslateBody(BinaryData.FromString(json), ReceivedAt).ShouldHaveSingleItem()
            .ShouldBeOfType<TranslatedEvent.Ignored>().Reason.ShouldContain(reason);

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"Microsoft.Communication.IncomingCall","data":{"incomingCallContext":"x","serverCallId":"s"}}""", "data.to")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"Microsoft.Communication.IncomingCall","data":{"to":{"kind":"phoneNumber"},"incomingCallContext":"x","serverCallId":"s"}}""", "data.to.rawId")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"Microsoft.Communication.CallEnded","data":{"reason":"x"}}""", "data.serverCallId")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"EmergencyFlow.Dialer.OutboundCallPlaced.V1","data":{"agentId":"a","agentAcsId":"8:acs:a","dialledNumber":"911","serverCallId":"s","placedAt":"yesterday"}}""", "data.placedAt")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"EmergencyFlow.Dialer.OutboundCallPlaced.V1","data":{"agentId":42}}""", "data.agentId")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"s","type":"EmergencyFlow.Dialer.OutboundCallPlaced.V1"}""", "data")]
    [InlineData("""{"id":"1","subject":"s","eventTime":"2026-11-21T19:00:00Z","dataVersion":"1.0","data":{}}""", "eventType")]
    [InlineData("""{"specversion":"1.0","id":"1","type":"Microsoft.Communication.CallEnded","data":{}}""", "source")]
    [InlineData("""42""", "event")]
    public void Malformed_payloads_name_the_field(string json, string field) =>
        EventTranslator.TranslateBody(BinaryData.FromString($"[{json}]"), ReceivedAt).ShouldHaveSingleItem()
            .ShouldBeOfType<TranslatedEvent.Malformed>().Field.ShouldBe(field);

    [Theory]
    [InlineData("not json")]
    [InlineData("\"a string\"")]
    public void A_body_that_is_not_an_event_or_a_batch_is_refused_as_a_whole(string body) =>
        Should.Throw<MalformedDeliveryException>(() => EventTranslator.TranslateBody(BinaryData.FromString(body), ReceivedAt));
}
