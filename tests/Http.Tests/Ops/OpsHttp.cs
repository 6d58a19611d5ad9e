using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.Http.Tests.Ops;

/// <summary>Builds requests and runs results the way either host's ASP.NET Core pipeline does, then reads the response.</summary>
internal static class OpsHttp
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static HttpRequest Json(string body, string? contentType = "application/json") => Raw(Encoding.UTF8.GetBytes(body), contentType);

    public static HttpRequest Raw(byte[] body, string? contentType = "application/json", bool sendLength = true)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = "PUT";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = sendLength ? body.Length : null;
        return context.Request;
    }

    public static async Task<OpsResponse> RunAsync(Task<IResult> handler)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await (await handler).ExecuteAsync(context);
        var text = Encoding.UTF8.GetString(body.ToArray());
        return new OpsResponse(context.Response.StatusCode, context.Response.ContentType, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}

internal sealed record OpsResponse(int Status, string? ContentType, JsonNode? Body)
{
    public bool IsProblem => ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true;

    public IReadOnlyList<string> Problems => Body?["problems"]?.AsArray().Select(p => p!.GetValue<string>()).ToList() ?? [];

    public string? Title => Body?["title"]?.GetValue<string>();

    public string? Detail => Body?["detail"]?.GetValue<string>();
}
