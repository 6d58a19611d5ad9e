using EmergencyFlow.Application.Ops;
using EmergencyFlow.Http.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace EmergencyFlow.Http.OpenApi;

/// <summary>The ops API's OpenAPI document: every ops route with its responses, and the ops key as its security scheme.</summary>
public static class OpsOpenApi
{
    /// <summary>Where the document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Generates the document from the mapped ops routes.</summary>
    public static IServiceCollection AddOpsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/" + OpsRoutes.Prefix, StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "EmergencyFlow ops API";
                document.Info.Description =
                    $"The same routes on the local host and the Functions app. Every route needs the ops key in the {ApiKeySchemes.OpsHeader} header; errors are ProblemDetails.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeySchemes.Ops] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeySchemes.OpsHeader,
                    Description = "The ops key (local host: src/LocalHost/.data/keys.json; Azure: the EmergencyFlow__OpsKey app setting).",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemes.Ops, document)] = [] });
                return Task.CompletedTask;
            });
        });

    /// <summary>Serves the document at <see cref="DocumentPath"/>.</summary>
    public static void MapOpsOpenApi(this IEndpointRouteBuilder app) => app.MapOpenApi(DocumentPath);
}
