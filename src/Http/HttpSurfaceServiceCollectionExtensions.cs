using EmergencyFlow.Application.Ops;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.Http;

/// <summary>What the HTTP surface needs on either host.</summary>
public static class HttpSurfaceServiceCollectionExtensions
{
    /// <summary>
    /// The ops JSON format (camelCase, enums as words, UTC timestamps with <c>Z</c>) for every response, and
    /// ProblemDetails for every error.
    /// </summary>
    public static IServiceCollection AddEmergencyFlowHttp(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => OpsJson.Apply(o.SerializerOptions));
        services.AddProblemDetails();
        return services;
    }
}
