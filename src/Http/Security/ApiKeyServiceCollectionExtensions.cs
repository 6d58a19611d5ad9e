using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.Http.Security;

/// <summary>Registers the two key schemes and their policies.</summary>
public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the webhook and ops key schemes (<see cref="ApiKeySchemes"/>) with their keys, and a policy per scheme.
    /// A host that does not check webhook keys itself (the Functions host does, per function) passes null.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services, string? webhookKey, string opsKey)
    {
        var authentication = services.AddAuthentication();
        authentication.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeySchemes.Ops, o =>
        {
            o.HeaderName = ApiKeySchemes.OpsHeader;
            o.Key = opsKey;
        });
        if (webhookKey is not null)
        {
            authentication.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeySchemes.Webhook, o =>
            {
                o.HeaderName = ApiKeySchemes.WebhookHeader;
                o.Key = webhookKey;
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeySchemes.Ops, Policy(ApiKeySchemes.Ops))
            .AddPolicy(ApiKeySchemes.Webhook, Policy(ApiKeySchemes.Webhook));
        return services;
    }

    /// <summary>
    /// Authenticates a request with the ops scheme where no endpoint routing does it (an HTTP-triggered
    /// function): null when the key is valid, else the 401 to answer.
    /// </summary>
    public static async Task<IResult?> RequireOpsKeyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(context, ApiKeySchemes.Ops);
        if (result.Succeeded)
        {
            context.User = result.Principal;
            return null;
        }

        return Ops.OpsProblems.Problem(StatusCodes.Status401Unauthorized, $"A valid key is required in header '{ApiKeySchemes.OpsHeader}'.");
    }

    private static AuthorizationPolicy Policy(string scheme) =>
        new AuthorizationPolicyBuilder(scheme).RequireAuthenticatedUser().Build();
}
