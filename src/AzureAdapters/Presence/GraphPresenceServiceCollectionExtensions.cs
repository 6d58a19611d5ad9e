using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using EmergencyFlow.Application.Presence;

namespace EmergencyFlow.AzureAdapters.Presence;

/// <summary>Registers Teams presence through Microsoft Graph.</summary>
public static class GraphPresenceServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the Graph client sends through (and of its resilience pipeline).</summary>
    public const string HttpClientName = "graph-presence";

    /// <summary>
    /// Registers <see cref="IPresenceGateway"/> as <see cref="GraphPresenceGateway"/>: a typed, transient client
    /// whose <see cref="GraphServiceClient"/> authenticates with <paramref name="credential"/> (the app's managed
    /// identity) and sends through an HttpClient with the standard resilience handler (retries with backoff that
    /// honour Graph's Retry-After, circuit breaker, timeouts). Graph's own retry handler is not added, so a request
    /// is never retried by two layers. Consumers of the gateway should be transient or scoped, like the client.
    /// </summary>
    public static IServiceCollection AddGraphPresence(
        this IServiceCollection services,
        Func<IServiceProvider, TokenCredential> credential,
        Func<IServiceProvider, GraphPresenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        services
            .AddHttpClient<IPresenceGateway, GraphPresenceGateway>(HttpClientName,
                (http, sp) => new GraphPresenceGateway(new GraphServiceClient(http, credential(sp)), options(sp)))
            .AddStandardResilienceHandler();
        return services;
    }
}
