using System.Net;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.AzureAdapters.Acs;
using EmergencyFlow.Application.Callbacks;
using EmergencyFlow.Application.Events;

namespace EmergencyFlow.AzureAdapters.Tests.Acs;

public class AcsCallAutomationClientTests
{
    private const string AcsAgent = "8:acs:b9614373-fd0b-480c-8fd2-cb58b70eab9f_0f50d091-5bd3-448b-884d-44be7037d9b9";
    private const string TeamsAgent = "8:orgid:6c7b1a6e-7d1d-4a0e-9f0e-2d3c1b7a9e11";
    private static readonly DateTimeOffset RangAt = new(2026, 11, 21, 19, 20, 0, TimeSpan.Zero);

    private readonly FakeAcs _acs = new();
    private readonly FakeCredential _credential = new();

    private AcsCallAutomationClient Client(int maxRetries = 2) =>
        new(new AcsOptions(FakeAcs.Endpoint, "unused@contoso.com"), _credential, _acs.Options(maxRetries));

    private static CallRedirect Redirect(string agent = AcsAgent, DateTimeOffset? at = null, string serverCallId = "server-call-1") =>
        CallRedirect.For(new IncomingCallEvent("4:+14255550123", "4:+14255550911", "context-1", new CallKey(serverCallId, null), at ?? RangAt), agent);

    [Fact]
    public async Task A_redirect_posts_to_callConnections_redirect_with_the_stable_api_version_and_an_Entra_token()
    {
        _acs.Respond(HttpStatusCode.NoContent);

        await Client().RedirectAsync(Redirect(), CancellationToken.None);

        var request = _acs.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe(HttpMethod.Post);
        request.Uri.GetLeftPart(UriPartial.Path).ShouldBe("https://acs-test.communication.azure.com/calling/callConnections:redirect");
        request.Query("api-version").ShouldBe("2025-05-15");
        request.Header("Authorization").ShouldBe("Bearer " + FakeCredential.Token);
        _credential.Scopes.ShouldBe(["https://communication.azure.com//.default"]);
    }

    [Fact]
    public async Task An_ACS_agent_is_the_communication_user_target_of_the_incoming_call_context()
    {
        _acs.Respond(HttpStatusCode.NoContent);

        await Client().RedirectAsync(Redirect(AcsAgent), CancellationToken.None);

        var body = _acs.Requests.ShouldHaveSingleItem().Json();
        body.GetProperty("incomingCallContext").GetString().ShouldBe("context-1");
        var target = body.GetProperty("target");
        target.GetProperty("kind").GetString().ShouldBe("communicationUser");
        target.GetProperty("rawId").GetString().ShouldBe(AcsAgent);
        target.GetProperty("communicationUser").GetProperty("id").GetString().ShouldBe(AcsAgent);
        target.TryGetProperty("microsoftTeamsUser", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_Teams_agent_is_the_Teams_user_target_named_by_the_Entra_object_id()
    {
        _acs.Respond(HttpStatusCode.NoContent);

        await Client().RedirectAsync(Redirect(TeamsAgent), CancellationToken.None);

        var target = _acs.Requests.ShouldHaveSingleItem().Json().GetProperty("target");
        target.GetProperty("kind").GetString().ShouldBe("microsoftTeamsUser");
        target.GetProperty("rawId").GetString().ShouldBe(TeamsAgent);
        var teams = target.GetProperty("microsoftTeamsUser");
        teams.GetProperty("userId").GetString().ShouldBe("6c7b1a6e-7d1d-4a0e-9f0e-2d3c1b7a9e11");
        teams.GetProperty("isAnonymous").GetBoolean().ShouldBeFalse();
        teams.GetProperty("cloud").GetString().ShouldBe("public");
        target.TryGetProperty("communicationUser", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Two_deliveries_of_one_ringing_call_carry_the_same_repeatability_headers()
    {
        _acs.Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NoContent).Respond(HttpStatusCode.NoContent);
        var client = Client();

        await client.RedirectAsync(Redirect(), CancellationToken.None);
        await client.RedirectAsync(Redirect(), CancellationToken.None);
        await client.RedirectAsync(Redirect(serverCallId: "server-call-2"), CancellationToken.None);

        var ids = _acs.Requests.Select(r => r.Header("Repeatability-Request-ID")).ToList();
        Guid.TryParse(ids[0], out _).ShouldBeTrue();
        ids[1].ShouldBe(ids[0]);
        ids[2].ShouldNotBe(ids[0]);
        _acs.Requests.Select(r => r.Header("Repeatability-First-Sent")).Distinct().ShouldBe(["Sat, 21 Nov 2026 19:20:00 GMT"]);
    }

    [Fact]
    public async Task The_first_sent_time_is_the_events_time_in_GMT_whatever_its_offset()
    {
        _acs.Respond(HttpStatusCode.NoContent);

        await Client().RedirectAsync(Redirect(at: RangAt.ToOffset(TimeSpan.FromHours(-8))), CancellationToken.None);

        _acs.Requests.ShouldHaveSingleItem().Header("Repeatability-First-Sent").ShouldBe("Sat, 21 Nov 2026 19:20:00 GMT");
    }

    [Fact]
    public async Task Without_an_event_time_the_redirect_goes_without_repeatability_headers()
    {
        _acs.Respond(HttpStatusCode.NoContent);

        await Client().RedirectAsync(Redirect() with { FirstSentAt = null }, CancellationToken.None);

        var request = _acs.Requests.ShouldHaveSingleItem();
        request.Headers.ContainsKey("Repeatability-Request-ID").ShouldBeFalse();
        request.Headers.ContainsKey("Repeatability-First-Sent").ShouldBeFalse();
    }

    [Fact]
    public async Task A_409_for_a_repeated_redirect_means_an_earlier_delivery_already_rang_the_agent()
    {
        _acs.Respond(HttpStatusCode.Conflict, """{"error":{"code":"Conflict","message":"repeated request"}}""");

        await Client().RedirectAsync(Redirect(), CancellationToken.None);

        _acs.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_throttled_redirect_is_retried_by_the_pipeline_with_the_same_repeatability_id()
    {
        _acs.Respond(HttpStatusCode.TooManyRequests, null, ("Retry-After", "0")).Respond(HttpStatusCode.NoContent);

        await Client().RedirectAsync(Redirect(), CancellationToken.None);

        _acs.Requests.Count.ShouldBe(2);
        _acs.Requests.Select(r => r.Header("Repeatability-Request-ID")).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_redirect_ACS_refuses_throws_with_status_and_code_and_is_not_retried()
    {
        _acs.Respond(HttpStatusCode.BadRequest, """{"error":{"code":"InvalidIncomingCallContext","message":"bad context"}}""");

        var error = await Should.ThrowAsync<AcsRequestException>(() => Client().RedirectAsync(Redirect(), CancellationToken.None));

        error.Status.ShouldBe(400);
        error.ErrorCode.ShouldBe("InvalidIncomingCallContext");
        _acs.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_server_error_that_outlasts_the_retries_throws_with_its_status()
    {
        _acs.Respond(HttpStatusCode.ServiceUnavailable).Respond(HttpStatusCode.ServiceUnavailable);

        var error = await Should.ThrowAsync<AcsRequestException>(() => Client(maxRetries: 1).RedirectAsync(Redirect(), CancellationToken.None));

        error.Status.ShouldBe(503);
        _acs.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_late_callback_goes_to_the_fallback_phone_number_target()
    {
        _acs.Respond(HttpStatusCode.NoContent, null);

        await Client().RedirectAsync(Redirect("4:+14255550100"), CancellationToken.None);

        var target = _acs.Requests.ShouldHaveSingleItem().Json().GetProperty("target");
        target.GetProperty("kind").GetString().ShouldBe("phoneNumber");
        target.GetProperty("rawId").GetString().ShouldBe("4:+14255550100");
        target.GetProperty("phoneNumber").GetProperty("value").GetString().ShouldBe("+14255550100");
    }

    [Theory]
    [InlineData("28:orgid:bot-1", "MicrosoftTeamsApp")]
    [InlineData("agent-without-a-raw-id", "Unknown")]
    public async Task A_callback_is_never_redirected_to_anything_but_a_user_or_a_phone_number(string rawId, string kind)
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => Client().RedirectAsync(Redirect(rawId), CancellationToken.None));

        error.Message.ShouldContain(kind);
        error.Message.ShouldNotContain(rawId);
        _acs.Requests.ShouldBeEmpty();
    }
}
