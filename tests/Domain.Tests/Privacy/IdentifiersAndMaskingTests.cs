using System.Text.Json;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.Domain.Privacy;

namespace EmergencyFlow.Domain.Tests.Privacy;

public class IdentifiersAndMaskingTests
{
    [Theory]
    [InlineData("+14255550123", "+*********23")]
    [InlineData("4255550123", "********23")]
    [InlineData("911", "911")]
    [InlineData(null, "(none)")]
    public void Phone_numbers_keep_only_their_last_two_digits(string? number, string masked) => Mask.Phone(number).ShouldBe(masked);

    [Theory]
    [InlineData("jane.doe@contoso.com", "j***@contoso.com")]
    [InlineData("not-an-address", "***")]
    public void Email_addresses_keep_their_first_character_and_domain(string address, string masked) => Mask.Email(address).ShouldBe(masked);

    [Fact]
    public void ACS_phone_identifiers_are_masked_like_phone_numbers() => Mask.RawId("4:+14255550123").ShouldBe("4:+*********23");

    [Theory]
    [InlineData("+1 (425) 555-0123", "+14255550123")]
    [InlineData("4:+14255550123", "+14255550123")]
    [InlineData("tel:+4520123456", "+4520123456")]
    [InlineData("4255550123", null)]
    [InlineData("+1425", null)]
    [InlineData("+1425555012a", null)]
    public void Pool_numbers_and_called_parties_are_read_as_E164(string text, string? e164) => PhoneNumber.ToE164(text).ShouldBe(e164);

    [Fact]
    public void Short_safe_call_ids_are_readable_in_the_instance_id() => new CallKey("call-1", null).InstanceId.ShouldBe("emergency-call-1");

    [Fact]
    public void Base64_server_call_ids_become_a_safe_hash_and_the_same_call_always_gets_the_same_id()
    {
        const string serverCallId = "aHR0cHM6Ly9hcGkuZmxpZ2h0cHJveHkuc2t5cGUuY29tL2FwaS92Mi9jcC9jb252LXVzZWEtMDEvY29udi9lbWVyZ2VuY3k=";

        var id = new CallKey(serverCallId, null).InstanceId;

        id.ShouldMatch("^emergency-[0-9a-f]{40}$");
        new CallKey(serverCallId, "other").InstanceId.ShouldBe(id);
    }

    [Fact]
    public void An_end_event_with_both_ids_can_find_a_lifecycle_started_from_either() =>
        new CallKey("server-1", "corr-1").CandidateInstanceIds.ShouldBe(["emergency-server-1", "emergency-corr-1"]);

    [Fact]
    public void The_email_operation_id_is_the_same_for_a_retried_step_and_differs_between_steps()
    {
        var first = DeliveryReports.OperationIdFor("emergency-call-1.SendNotification");

        DeliveryReports.OperationIdFor("emergency-call-1.SendNotification").ShouldBe(first);
        DeliveryReports.OperationIdFor("emergency-call-2.SendNotification").ShouldNotBe(first);
        first.ToString()[14].ShouldBe('5');
    }

    [Theory]
    [InlineData("Bounced", true)]
    [InlineData("Suppressed", true)]
    [InlineData("failed", true)]
    [InlineData("Delivered", false)]
    [InlineData("Expanded", false)]
    public void Only_undelivered_notifications_escalate(string status, bool escalate) => DeliveryReports.NeedsEscalation(status).ShouldBe(escalate);

    [Fact]
    public void The_status_operators_see_has_the_same_JSON_names_whatever_the_serializer_settings()
    {
        var status = new LifecycleStatus(LifecycleStage.CallbackWindowOpen, "agent-1", "911", "US", false, DateTimeOffset.UnixEpoch,
            "+*********23", DateTimeOffset.UnixEpoch, null, CallEndSource.Acs, NotificationStatus.Sent, [AlertKind.PoolExhausted]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(status));
        var root = json.RootElement;

        root.GetProperty("stage").GetString().ShouldBe("CallbackWindowOpen");
        root.GetProperty("callbackNumberMasked").GetString().ShouldBe("+*********23");
        root.GetProperty("alerts")[0].GetString().ShouldBe("PoolExhausted");
        root.GetProperty("summary").GetString().ShouldBe("CallbackWindowOpen | agent agent-1 | 911 US | callback +*********23 | alerts: PoolExhausted");
    }
}
