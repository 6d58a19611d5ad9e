using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using EmergencyFlow.Domain.Presence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using EmergencyFlow.AzureAdapters.Presence;
using EmergencyFlow.Application.Presence;

namespace EmergencyFlow.AzureAdapters.Tests.Presence;

public class GraphPresenceGatewayTests
{
    private static readonly GraphPresenceOptions Options = new("app-client-id", TimeSpan.FromHours(4));

    private readonly RecordingHandler _handler = new();

    private GraphPresenceGateway Gateway() => new(new GraphServiceClient(new HttpClient(_handler), new StaticToken()), Options);

    [Fact]
    public async Task Reads_the_agents_Teams_presence_with_an_app_token()
    {
        _handler.Responses.Enqueue((HttpStatusCode.OK, """{"id":"u1","availability":"Busy","activity":"InACall"}"""));

        var presence = await Gateway().GetAsync("agent-1", "8:orgid:6e9c1e0a-1111-2222-3333-444455556666", CancellationToken.None);

        presence.ShouldBe(new PresenceSnapshot("Busy", "InACall"));
        var request = _handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.Uri.ShouldBe("https://graph.microsoft.com/v1.0/users/6e9c1e0a-1111-2222-3333-444455556666/presence");
        request.Authorization.ShouldBe("Bearer token-for-graph");
    }

    [Fact]
    public async Task Do_Not_Disturb_is_the_apps_session_and_the_users_preferred_presence_so_it_shows_over_a_status_the_agent_set()
    {
        await Gateway().SetDoNotDisturbAsync("ana@contoso.com", "8:acs:x", TimeSpan.FromHours(24), CancellationToken.None);

        _handler.Requests.Select(r => r.Uri).ShouldBe(
        [
            "https://graph.microsoft.com/v1.0/users/ana%40contoso.com/presence/setPresence",
            "https://graph.microsoft.com/v1.0/users/ana%40contoso.com/presence/setUserPreferredPresence",
        ]);
        using var session = JsonDocument.Parse(_handler.Requests[0].Body);
        session.RootElement.GetProperty("sessionId").GetString().ShouldBe("app-client-id");
        session.RootElement.GetProperty("availability").GetString().ShouldBe("DoNotDisturb");
        session.RootElement.GetProperty("activity").GetString().ShouldBe("Presenting");
        session.RootElement.GetProperty("expirationDuration").GetString().ShouldBe("PT4H");

        // User-preferred presence overrides every session, the agent's own included, and holds for the whole call.
        using var preferred = JsonDocument.Parse(_handler.Requests[1].Body);
        preferred.RootElement.GetProperty("availability").GetString().ShouldBe("DoNotDisturb");
        preferred.RootElement.GetProperty("activity").GetString().ShouldBe("DoNotDisturb");
        preferred.RootElement.GetProperty("expirationDuration").GetString().ShouldBe("P1D");
    }

    [Fact]
    public async Task A_short_hold_asks_Graph_for_its_shortest_expiry_and_the_session_for_no_longer_than_the_hold()
    {
        await Gateway().SetDoNotDisturbAsync("agent-1", "8:orgid:abc", TimeSpan.FromMinutes(1), CancellationToken.None);

        _handler.Requests.ShouldAllBe(r => r.Body.Contains("\"expirationDuration\":\"PT5M\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restoring_takes_back_the_preferred_Do_Not_Disturb_and_the_apps_session_so_the_agents_own_presence_shows_again()
    {
        await Gateway().RestoreAsync("agent-1", "8:orgid:abc", new PresenceSnapshot("Available", "Available"), keepAgentsChoice: false, CancellationToken.None);

        _handler.Requests.Select(r => r.Uri).ShouldBe(
        [
            "https://graph.microsoft.com/v1.0/users/abc/presence/clearUserPreferredPresence",
            "https://graph.microsoft.com/v1.0/users/abc/presence/clearPresence",
        ]);
        using var body = JsonDocument.Parse(_handler.Requests[1].Body);
        body.RootElement.GetProperty("sessionId").GetString().ShouldBe("app-client-id");
    }

    [Theory]
    [InlineData("Busy", "Busy")]
    [InlineData("BeRightBack", "BeRightBack")]
    [InlineData("Offline", "OffWork")]
    [InlineData("DoNotDisturb", "DoNotDisturb")]
    public async Task A_status_the_agent_had_chosen_comes_back_as_their_preferred_presence(string availability, string activity)
    {
        await Gateway().RestoreAsync("agent-1", "8:orgid:abc", new PresenceSnapshot(availability, activity), keepAgentsChoice: false, CancellationToken.None);

        var last = _handler.Requests[^1];
        last.Uri.ShouldBe("https://graph.microsoft.com/v1.0/users/abc/presence/setUserPreferredPresence");
        using var body = JsonDocument.Parse(last.Body);
        body.RootElement.GetProperty("availability").GetString().ShouldBe(availability);
        body.RootElement.GetProperty("activity").GetString().ShouldBe(activity);
        (!body.RootElement.TryGetProperty("expirationDuration", out var expiry) || expiry.ValueKind == JsonValueKind.Null)
            .ShouldBeTrue("the agent's own choice gets no expiry of ours");
    }

    [Fact]
    public async Task A_presence_Teams_reported_by_itself_is_not_pinned_as_a_preference()
    {
        await Gateway().RestoreAsync("agent-1", "8:orgid:abc", new PresenceSnapshot("Busy", "InACall"), keepAgentsChoice: false, CancellationToken.None);

        _handler.Requests.ShouldNotContain(r => r.Uri.EndsWith("/setUserPreferredPresence", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_presence_the_agent_chose_during_the_call_stays_and_only_the_apps_session_goes()
    {
        await Gateway().RestoreAsync("agent-1", "8:orgid:abc", new PresenceSnapshot("Busy", "Busy"), keepAgentsChoice: true, CancellationToken.None);

        _handler.Requests.Select(r => r.Uri).ShouldBe(["https://graph.microsoft.com/v1.0/users/abc/presence/clearPresence"]);
    }

    [Fact]
    public async Task Nothing_left_to_clear_is_success_not_a_failure()
    {
        _handler.Responses.Enqueue((HttpStatusCode.NotFound, """{"error":{"code":"NotFound","message":"No preferred presence"}}"""));
        _handler.Responses.Enqueue((HttpStatusCode.NotFound, """{"error":{"code":"NotFound","message":"Session not found"}}"""));

        await Gateway().RestoreAsync("agent-1", "8:orgid:abc", new PresenceSnapshot("Available", "Available"), keepAgentsChoice: false, CancellationToken.None);

        _handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_Graph_error_fails_the_step_with_the_status_and_Graphs_reason()
    {
        _handler.Responses.Enqueue((HttpStatusCode.Forbidden, """{"error":{"code":"Forbidden","message":"Insufficient privileges"}}"""));

        var error = await Should.ThrowAsync<HttpRequestException>(() => Gateway().GetAsync("agent-1", "8:orgid:abc", CancellationToken.None));

        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.Message.ShouldContain("read presence");
        error.Message.ShouldContain("Insufficient privileges");
    }

    [Fact]
    public async Task A_throttled_Graph_request_is_retried_by_the_registered_client_and_then_succeeds()
    {
        _handler.Responses.Enqueue((HttpStatusCode.TooManyRequests, """{"error":{"code":"TooManyRequests","message":"Slow down"}}"""));
        _handler.Responses.Enqueue((HttpStatusCode.OK, """{"availability":"Away","activity":"Away"}"""));
        using var services = Registered();

        var presence = await services.GetRequiredService<IPresenceGateway>().GetAsync("agent-1", "8:orgid:abc", CancellationToken.None);

        presence.ShouldBe(new PresenceSnapshot("Away", "Away"));
        _handler.Requests.Count.ShouldBe(2);
        _handler.Requests.ShouldAllBe(r => r.Uri == "https://graph.microsoft.com/v1.0/users/abc/presence" && r.Authorization == "Bearer token-for-graph");
    }

    [Fact]
    public async Task The_registered_client_sets_Do_Not_Disturb_with_the_configured_session()
    {
        using var services = Registered();

        await services.GetRequiredService<IPresenceGateway>().SetDoNotDisturbAsync("agent-1", "8:orgid:abc", TimeSpan.FromHours(4), CancellationToken.None);

        var request = _handler.Requests[0];
        request.Uri.ShouldBe("https://graph.microsoft.com/v1.0/users/abc/presence/setPresence");
        request.Body.ShouldContain("\"sessionId\":\"app-client-id\"");
    }

    private ServiceProvider Registered()
    {
        var services = new ServiceCollection();
        services.AddGraphPresence(_ => new StaticToken(), _ => Options);
        services.AddHttpClient(GraphPresenceServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _handler);
        return services.BuildServiceProvider();
    }

    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(requestContext.Scopes.Single() == "https://graph.microsoft.com/.default" ? "token-for-graph" : "wrong", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(string Method, string Uri, string? Authorization, string Body)> Requests { get; } = [];

        /// <summary>Answered in order; when empty, 200 with an empty object (what setPresence/clearPresence return is empty).</summary>
        public Queue<(HttpStatusCode Status, string Body)> Responses { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method.Method, request.RequestUri!.AbsoluteUri, request.Headers.Authorization?.ToString(), body));
            var (status, json) = Responses.Count > 0 ? Responses.Dequeue() : (HttpStatusCode.OK, "{}");
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (status == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            }

            return response;
        }
    }
}
