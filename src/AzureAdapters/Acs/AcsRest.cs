using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace EmergencyFlow.AzureAdapters.Acs;

/// <summary>What both ACS clients do the same way: the keyless pipeline, JSON bodies, error reading.</summary>
internal static class AcsRest
{
    /// <summary>camelCase, nulls left out: the shape of the ACS REST contracts.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static HttpPipeline Pipeline(ClientOptions options, TokenCredential credential, params HttpPipelinePolicy[] perRetryPolicies) =>
        HttpPipelineBuilder.Build(options, [new BearerTokenAuthenticationPolicy(credential, AcsOptions.Scope), .. perRetryPolicies]);

    public static HttpMessage Message(HttpPipeline pipeline, RequestMethod method, Uri endpoint, string path, string apiVersion)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(endpoint);
        message.Request.Uri.AppendPath(path, escape: false);
        message.Request.Uri.AppendQuery("api-version", apiVersion);
        message.Request.Headers.Add(HttpHeader.Names.Accept, "application/json");
        return message;
    }

    public static void JsonBody<T>(HttpMessage message, T body)
    {
        message.Request.Headers.Add(HttpHeader.Names.ContentType, "application/json");
        message.Request.Content = RequestContent.Create(BinaryData.FromObjectAsJson(body, Json));
    }

    public static AcsRequestException Failure(string operation, Response response) =>
        new(operation, response.Status, Safe(response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : BodyCode(response)));

    private static string? BodyCode(Response response)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var value)
                && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The code lands in exception messages and logs: an identifier-shaped code passes, anything else
    // (which could quote an address or a number) is dropped.
    private static string? Safe(string? code) =>
        code is { Length: > 0 and <= 64 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? code : null;
}
