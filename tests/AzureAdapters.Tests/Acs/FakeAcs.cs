using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using EmergencyFlow.AzureAdapters.Acs;

namespace EmergencyFlow.AzureAdapters.Tests.Acs;

/// <summary>One request as it reached the wire.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No {name} header was sent.");

    public string? Query(string name) =>
        Uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => Uri.UnescapeDataString(pair[0]) == name)
            .Select(pair => Uri.UnescapeDataString(pair[1]))
            .SingleOrDefault();

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// ACS played by an <see cref="HttpMessageHandler"/> behind Azure.Core's own HttpClient transport, so
/// the tests see the request exactly as it would go out (headers, query, body) without a network.
/// Answers the queued responses in order.
/// </summary>
internal sealed class FakeAcs : HttpMessageHandler
{
    public static readonly Uri Endpoint = new("https://acs-test.communication.azure.com");

    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _responses = new();

    public List<SentRequest> Requests { get; } = [];

    /// <summary>Called after each response is chosen (a test cancels from here).</summary>
    public Action<SentRequest>? OnRequest { get; set; }

    public FakeAcs Respond(HttpStatusCode status, string? json = null, params (string Name, string Value)[] headers)
    {
        _responses.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status);
            if (json is not null)
            {
                response.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        return this;
    }

    /// <summary>Pipeline settings with this fake as the transport and retry delays of a millisecond.</summary>
    public AcsClientOptions Options(int maxRetries = 3)
    {
        var options = AcsClientOptions.With(maxRetries, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1));
#pragma warning disable CA2000 // the transport's HttpClient lives as long as the test's client
        options.Transport = new HttpClientTransport(new HttpClient(this, disposeHandler: false));
#pragma warning restore CA2000
        return options;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var sent = new SentRequest(request.Method, request.RequestUri!, headers, body);
        Requests.Add(sent);
        if (!_responses.TryDequeue(out var next))
        {
            throw new InvalidOperationException($"Request {Requests.Count} has no queued response.");
        }

        var response = next();
        OnRequest?.Invoke(sent);
        return response;
    }
}

/// <summary>A credential that hands out a fixed token and remembers the scopes asked for.</summary>
internal sealed class FakeCredential : TokenCredential
{
    public const string Token = "test-access-token";

    public List<string> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Scopes.AddRange(requestContext.Scopes);
        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
