using System.Net;
using EmergencyFlow.Domain.Notifications;
using EmergencyFlow.AzureAdapters.Acs;

namespace EmergencyFlow.AzureAdapters.Tests.Acs;

public class AcsEmailClientTests
{
    private const string Key = "emergency-call-1.SendNotification";
    private const string Accepted = """{"id":"ignored-by-the-client","status":"Running"}""";

    private readonly FakeAcs _acs = new();
    private readonly FakeCredential _credential = new();

    private AcsEmailClient Client(int maxRetries = 3) =>
        new(new AcsOptions(FakeAcs.Endpoint, "emergency@notify.contoso.com"), _credential, _acs.Options(maxRetries));

    private static ComposedNotification Notification(string key = Key) => new(
        key,
        ["ana.lima@contoso.com", "bo.berg@fabrikam.com"],
        new RenderedNotification("Emergency call by Ana", "Ana called 911.", "<p>Ana called 911.</p>"),
        []);

    [Fact]
    public async Task A_send_posts_to_emails_send_with_the_stable_api_version_and_an_Entra_token()
    {
        _acs.Respond(HttpStatusCode.Accepted, Accepted);

        await Client().SendAsync(Notification(), CancellationToken.None);

        var request = _acs.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe(HttpMethod.Post);
        request.Uri.GetLeftPart(UriPartial.Path).ShouldBe("https://acs-test.communication.azure.com/emails:send");
        request.Query("api-version").ShouldBe("2025-09-01");
        request.Header("Authorization").ShouldBe("Bearer " + FakeCredential.Token);
        _credential.Scopes.ShouldBe(["https://communication.azure.com//.default"]);
    }

    [Fact]
    public async Task The_message_goes_from_the_sender_address_to_every_contact_with_subject_text_and_html()
    {
        _acs.Respond(HttpStatusCode.Accepted, Accepted);

        await Client().SendAsync(Notification(), CancellationToken.None);

        var body = _acs.Requests.ShouldHaveSingleItem().Json();
        body.GetProperty("senderAddress").GetString().ShouldBe("emergency@notify.contoso.com");
        body.GetProperty("recipients").GetProperty("to").EnumerateArray().Select(to => to.GetProperty("address").GetString())
            .ShouldBe(["ana.lima@contoso.com", "bo.berg@fabrikam.com"]);
        body.GetProperty("recipients").TryGetProperty("cc", out _).ShouldBeFalse();
        body.GetProperty("content").GetProperty("subject").GetString().ShouldBe("Emergency call by Ana");
        body.GetProperty("content").GetProperty("plainText").GetString().ShouldBe("Ana called 911.");
        body.GetProperty("content").GetProperty("html").GetString().ShouldBe("<p>Ana called 911.</p>");
        body.GetProperty("userEngagementTrackingDisabled").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Two_sends_of_one_notification_carry_the_same_Operation_Id_and_return_it_as_the_message_id()
    {
        _acs.Respond(HttpStatusCode.Accepted, Accepted).Respond(HttpStatusCode.Accepted, Accepted).Respond(HttpStatusCode.Accepted, Accepted);
        var client = Client();

        var first = (await client.SendAsync(Notification(), CancellationToken.None)).MessageId;
        var second = (await client.SendAsync(Notification(), CancellationToken.None)).MessageId;
        var other = (await client.SendAsync(Notification("emergency-call-2.SendNotification"), CancellationToken.None)).MessageId;

        first.ShouldBe(DeliveryReports.OperationIdFor(Key).ToString());
        second.ShouldBe(first);
        other.ShouldNotBe(first);
        _acs.Requests.Select(r => r.Header("Operation-Id")).ShouldBe([first, first, other]);
    }

    [Fact]
    public async Task A_409_for_an_operation_id_already_taken_means_an_earlier_attempt_sent_it()
    {
        _acs.Respond(HttpStatusCode.Conflict, """{"error":{"code":"OperationIdAlreadyExists","message":"exists"}}""");

        var messageId = (await Client().SendAsync(Notification(), CancellationToken.None)).MessageId;

        messageId.ShouldBe(DeliveryReports.OperationIdFor(Key).ToString());
        _acs.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_throttled_send_is_retried_by_the_pipeline_with_the_same_Operation_Id_until_accepted()
    {
        _acs.Respond(HttpStatusCode.TooManyRequests, null, ("Retry-After", "0"))
            .Respond(HttpStatusCode.ServiceUnavailable, null, ("Retry-After", "0"))
            .Respond(HttpStatusCode.Accepted, Accepted);

        var messageId = (await Client().SendAsync(Notification(), CancellationToken.None)).MessageId;

        _acs.Requests.Count.ShouldBe(3);
        _acs.Requests.Select(r => r.Header("Operation-Id")).Distinct().ShouldBe([messageId]);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_a_step_may_wait_ends_the_send_at_once_for_the_durable_retry()
    {
        // The step would otherwise sleep for an hour inside an activity the Functions host kills after five minutes.
        _acs.Respond(HttpStatusCode.TooManyRequests, null, ("Retry-After", "3600")).Respond(HttpStatusCode.Accepted, Accepted);

        var throttled = await Should.ThrowAsync<AcsThrottledException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        _acs.Requests.Count.ShouldBe(1);
        throttled.RetryAfter.ShouldBe(TimeSpan.FromHours(1));
        Application.Notifications.StepThrottled.RetryAfter(throttled.Message).ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_400_naming_one_recipient_sends_to_the_others_and_reports_the_refused_one()
    {
        _acs.Respond(HttpStatusCode.BadRequest, """{"error":{"code":"InvalidRecipient","message":"Recipient bo.berg@fabrikam.com is suppressed"}}""")
            .Respond(HttpStatusCode.Accepted, Accepted);

        var receipt = await Client().SendAsync(Notification(), CancellationToken.None);

        receipt.RefusedRecipients.ShouldBe(["bo.berg@fabrikam.com"]);
        _acs.Requests.Count.ShouldBe(2);
        var second = _acs.Requests[1];
        second.Json().GetProperty("recipients").GetProperty("to").EnumerateArray().Select(a => a.GetProperty("address").GetString()).ShouldBe(["ana.lima@contoso.com"]);
        second.Header("Operation-Id").ShouldNotBe(_acs.Requests[0].Header("Operation-Id"));
        receipt.MessageId.ShouldBe(second.Header("Operation-Id"));
    }

    [Fact]
    public async Task A_retried_step_refused_the_same_way_reuses_the_second_sends_operation_id()
    {
        const string Refusal = """{"error":{"code":"InvalidRecipient","message":"Recipient bo.berg@fabrikam.com is suppressed"}}""";
        _acs.Respond(HttpStatusCode.BadRequest, Refusal).Respond(HttpStatusCode.Accepted, Accepted)
            .Respond(HttpStatusCode.BadRequest, Refusal).Respond(HttpStatusCode.Conflict, """{"error":{"code":"OperationIdAlreadyExists"}}""");

        var first = await Client().SendAsync(Notification(), CancellationToken.None);
        var retried = await Client().SendAsync(Notification(), CancellationToken.None);

        retried.ShouldBe(first with { RefusedRecipients = retried.RefusedRecipients });
        retried.RefusedRecipients.ShouldBe(["bo.berg@fabrikam.com"]);
        _acs.Requests[3].Header("Operation-Id").ShouldBe(_acs.Requests[1].Header("Operation-Id"));
    }

    [Fact]
    public async Task A_server_error_that_outlasts_the_retries_throws_with_its_status()
    {
        for (var i = 0; i < 3; i++)
        {
            _acs.Respond(HttpStatusCode.InternalServerError, """{"error":{"code":"InternalError","message":"oops"}}""");
        }

        var error = await Should.ThrowAsync<AcsRequestException>(() => Client(maxRetries: 2).SendAsync(Notification(), CancellationToken.None));

        error.Status.ShouldBe(500);
        error.ErrorCode.ShouldBe("InternalError");
        _acs.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_rejected_message_throws_with_status_and_ACS_code_but_never_an_address_and_is_not_retried()
    {
        _acs.Respond(HttpStatusCode.BadRequest, """{"error":{"code":"InvalidSender","message":"the sender emergency@notify.contoso.com is not verified"}}""");

        var error = await Should.ThrowAsync<AcsRequestException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        error.Status.ShouldBe(400);
        error.ErrorCode.ShouldBe("InvalidSender");
        error.Message.ShouldNotContain("@");
        error.Message.ShouldContain("InvalidSender");
        _acs.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_error_code_header_that_is_not_an_identifier_is_left_out_of_the_exception()
    {
        _acs.Respond(HttpStatusCode.Forbidden, null, ("x-ms-error-code", "denied for ana.lima@contoso.com"));

        var error = await Should.ThrowAsync<AcsRequestException>(() => Client().SendAsync(Notification(), CancellationToken.None));

        error.Status.ShouldBe(403);
        error.ErrorCode.ShouldBeNull();
        error.Message.ShouldNotContain("@");
    }

    [Fact]
    public async Task The_operation_status_is_read_from_emails_operations()
    {
        var id = DeliveryReports.OperationIdFor(Key).ToString();
        _acs.Respond(HttpStatusCode.OK, $$$"""{"id":"{{{id}}}","status":"Failed","error":{"code":"EmailDroppedAllRecipientsSuppressed","message":"suppressed"}}""");

        var status = await Client().GetSendStatusAsync(id, CancellationToken.None);

        var request = _acs.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe(HttpMethod.Get);
        request.Uri.GetLeftPart(UriPartial.Path).ShouldBe($"https://acs-test.communication.azure.com/emails/operations/{id}");
        request.Query("api-version").ShouldBe("2025-09-01");
        request.Header("Authorization").ShouldBe("Bearer " + FakeCredential.Token);
        status.ShouldBe(new EmailOperationStatus(id, "Failed", "EmailDroppedAllRecipientsSuppressed"));
        status.IsTerminal.ShouldBeTrue();
    }

    [Fact]
    public async Task A_running_operation_is_not_terminal()
    {
        _acs.Respond(HttpStatusCode.OK, """{"id":"op-1","status":"Running"}""", ("Retry-After", "5"));

        var status = await Client().GetSendStatusAsync("op-1", CancellationToken.None);

        status.Status.ShouldBe("Running");
        status.IsTerminal.ShouldBeFalse();
    }

    [Fact]
    public async Task An_unknown_operation_throws_with_its_status()
    {
        _acs.Respond(HttpStatusCode.NotFound, """{"error":{"code":"NotFound","message":"no such operation"}}""");

        var error = await Should.ThrowAsync<AcsRequestException>(() => Client().GetSendStatusAsync("op-unknown", CancellationToken.None));

        error.Status.ShouldBe(404);
        error.ErrorCode.ShouldBe("NotFound");
    }
}
