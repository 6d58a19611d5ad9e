using System.Net;
using System.Text;
using Azure.Core;
using EmergencyFlow.Domain.Presence;
using EmergencyFlow.Hosting.Presence;

namespace EmergencyFlow.Domain.Tests.Hosting;

public class GraphPresenceGatewayTests
{
    private readonly RecordingHandler _handler = new();

    private GraphPresenceGateway Gateway() =>
        new(new HttpClient(_handler), new StaticToken(), new GraphPresenceOptions("app-client-id", TimeSpan.FromHours(4)));

    [Fact]
    public async Task Reads_the_agents_Teams_presence_with_an_app_token()
    {
        _handler.Respond = """{"id":"u1","availability":"Busy","activity":"InACall"}""";

        var presence = await Gateway().GetAsync("agent-1", "8:orgid:6e9c1e0a-1111-2222-3333-444455556666", CancellationToken.None);

        presence.ShouldBe(new PresenceSnapshot("Busy", "InACall"));
        _handler.Requests.Single().Uri.ShouldBe("https://graph.microsoft.com/v1.0/users/6e9c1e0a-1111-2222-3333-444455556666/presence");
        _handler.Requests.Single().Authorization.ShouldBe("Bearer token-for-graph");
    }

    [Fact]
    public async Task Do_Not_Disturb_is_set_as_the_apps_presence_session_with_an_expiry()
    {
        await Gateway().SetAsync("ana@contoso.com", "8:acs:x", PresenceSnapshot.DoNotDisturb, CancellationToken.None);

        var request = _handler.Requests.Single();
        request.Uri.ShouldBe("https://graph.microsoft.com/v1.0/users/ana%40contoso.com/presence/setPresence");
        request.Body.ShouldContain("\"sessionId\":\"app-client-id\"");
        request.Body.ShouldContain("\"availability\":\"DoNotDisturb\"");
        request.Body.ShouldContain("\"expirationDuration\":\"PT4H\"");
    }

    [Fact]
    public async Task Restoring_clears_the_apps_session_so_the_agents_own_presence_shows_again()
    {
        await Gateway().SetAsync("agent-1", "8:orgid:abc", new PresenceSnapshot("Available", "Available"), CancellationToken.None);

        _handler.Requests.Single().Uri.ShouldEndWith("/users/abc/presence/clearPresence");
    }

    [Fact]
    public async Task A_Graph_error_fails_the_step_with_the_status()
    {
        _handler.Status = HttpStatusCode.Forbidden;
        _handler.Respond = """{"error":{"code":"Forbidden","message":"Insufficient privileges"}}""";

        var error = await Should.ThrowAsync<HttpRequestException>(() => Gateway().GetAsync("agent-1", "8:orgid:abc", CancellationToken.None));

        error.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        error.Message.ShouldContain("Insufficient privileges");
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
        public List<(string Uri, string? Authorization, string Body)> Requests { get; } = [];

        public string Respond { get; set; } = "{}";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.RequestUri!.AbsoluteUri, request.Headers.Authorization?.ToString(), body));
            return new HttpResponseMessage(Status) { Content = new StringContent(Respond, Encoding.UTF8, "application/json") };
        }
    }
}
