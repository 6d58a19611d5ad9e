using EmergencyFlow.Http.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EmergencyFlow.Functions.Ops;

/// <summary>
/// The ops API's OpenAPI document at <c>/api/openapi/v1.json</c>: the document the local host serves for the same
/// routes, generated once per worker by the same generator (the worker cannot map endpoints itself). It describes
/// routes and responses and holds no data, so it is anonymous like the local host's.
/// </summary>
public static class OpenApiFunction
{
    private static readonly Lazy<Task<string>> Document = new(() => OpsOpenApi.CreateSharedDocumentJsonAsync());

    /// <summary>GET /api/openapi/v1.json.</summary>
    [Function("OpsOpenApiDocument")]
    public static async Task<IResult> OpsOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest _) =>
        TypedResults.Text(await Document.Value, "application/json; charset=utf-8");
}
