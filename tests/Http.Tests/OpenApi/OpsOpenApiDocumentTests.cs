using System.Text.Json.Nodes;
using EmergencyFlow.Http.OpenApi;

namespace EmergencyFlow.Http.Tests.OpenApi;

/// <summary>
/// The ops API's OpenAPI document says what every operation answers: a client generated from it, or a person
/// reading the API reference, must learn every success and every error (as ProblemDetails) without reading code.
/// </summary>
public sealed class OpsOpenApiDocumentTests
{
    private static readonly Lazy<Task<JsonNode>> Document = new(async () =>
        JsonNode.Parse(await OpsOpenApi.CreateSharedDocumentJsonAsync())!);

    private static async Task<IReadOnlyList<Operation>> OperationsAsync()
    {
        var paths = (await Document.Value)["paths"]!.AsObject();
        return [.. paths.SelectMany(path => path.Value!.AsObject()
            .Where(m => m.Key is "get" or "put" or "post" or "delete" or "patch")
            .Select(m => new Operation($"{m.Key.ToUpperInvariant()} {path.Key}", path.Key, m.Value!.AsObject())))];
    }

    [Fact]
    public async Task Every_shared_ops_route_is_in_the_document()
    {
        var operations = await OperationsAsync();

        operations.Select(o => o.Name).ShouldBe(
        [
            "GET /api/ops/emergencies", "GET /api/ops/emergencies/{instanceId}", "GET /api/ops/supervisor",
            "GET /api/ops/leases", "POST /api/ops/leases/{number}/release", "GET /api/ops/pool", "PUT /api/ops/pool",
            "GET /api/ops/agents", "GET /api/ops/agents/{agentId}", "PUT /api/ops/agents/{agentId}", "DELETE /api/ops/agents/{agentId}",
            "GET /api/ops/agents/{agentId}/contacts", "PUT /api/ops/agents/{agentId}/contacts", "GET /api/ops/template", "PUT /api/ops/template",
            "POST /api/ops/alert-acknowledgements", "GET /api/ops/alert-acknowledgements", "GET /api/ops/handover",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task Every_operation_documents_its_success_with_a_schema_and_a_missing_key_as_a_problem()
    {
        foreach (var operation in await OperationsAsync())
        {
            var success = operation.Responses.Where(r => r.Key.StartsWith('2')).ToList();
            success.ShouldNotBeEmpty(operation.Name);
            foreach (var (status, response) in success.Where(r => r.Key != "204"))
            {
                response!["content"]?["application/json"]?["schema"].ShouldNotBeNull($"{operation.Name} {status} has no schema");
            }

            operation.IsProblem("401").ShouldBeTrue($"{operation.Name} does not document 401 as a problem");
        }
    }

    [Fact]
    public async Task Every_error_an_operation_documents_is_a_problem_document()
    {
        foreach (var operation in await OperationsAsync())
        {
            foreach (var status in operation.Responses.Select(r => r.Key).Where(s => s.StartsWith('4') || s.StartsWith('5')))
            {
                operation.IsProblem(status).ShouldBeTrue($"{operation.Name} {status} is not application/problem+json");
            }
        }
    }

    [Fact]
    public async Task An_operation_that_reads_a_path_id_or_a_body_documents_that_it_refuses_bad_ones()
    {
        foreach (var operation in await OperationsAsync())
        {
            if (operation.Path.Contains('{', StringComparison.Ordinal))
            {
                operation.Responses.Select(r => r.Key).ShouldContain("400", $"{operation.Name} reads a path id");
            }

            if (operation.Body["requestBody"] is { } body)
            {
                body["content"]!["application/json"]!["schema"].ShouldNotBeNull($"{operation.Name} has a body without a schema");
                foreach (var status in new[] { "400", "413", "415" })
                {
                    operation.Responses.Select(r => r.Key).ShouldContain(status, $"{operation.Name} reads a body");
                }
            }
        }
    }

    private sealed record Operation(string Name, string Path, JsonObject Body)
    {
        public IReadOnlyList<KeyValuePair<string, JsonNode?>> Responses => [.. Body["responses"]!.AsObject()];

        public bool IsProblem(string status) =>
            Body["responses"]?[status]?["content"]?["application/problem+json"] is not null;
    }
}
