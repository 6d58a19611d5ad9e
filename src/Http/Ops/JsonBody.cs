using System.Reflection;
using System.Text.Json;
using EmergencyFlow.Application.Ops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Http.Ops;

/// <summary>
/// An ops request's JSON body, bound by ASP.NET Core (<see cref="BindAsync"/>) so handlers take it as a
/// parameter, and read the same way on both hosts: bounded in size, JSON only, and every way a body can be
/// wrong is a 4xx that says what is wrong (413 too large, 415 not JSON, 400 empty or malformed) — never an
/// exception that becomes a 500. The Functions app binds it by calling <see cref="BindAsync"/> itself.
/// </summary>
/// <typeparam name="T">The document type.</typeparam>
public sealed class JsonBody<T> : IEndpointParameterMetadataProvider
    where T : class
{
    /// <summary>
    /// The largest body accepted: a pool of <see cref="OpsValidation.MaxPoolNumbers"/> numbers, pretty-printed,
    /// fits with room to spare.
    /// </summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    private JsonBody(T? value, ProblemHttpResult? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The document, when the body could be read.</summary>
    public T? Value { get; }

    /// <summary>What to answer instead, when it could not.</summary>
    public ProblemHttpResult? Problem { get; }

    /// <summary>Reads the body of <paramref name="context"/>'s request (ASP.NET Core calls it to bind a handler parameter).</summary>
    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var (body, refused) = await BoundedBody.ReadAsync(request, MaxBytes, $"An ops request body may hold at most {MaxBytes / 1024 / 1024} MiB.");
        if (refused is not null)
        {
            return new(null, refused);
        }

        if (body!.Length == 0)
        {
            return Required();
        }

        if (!request.HasJsonContentType())
        {
            return new(null, OpsProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON.",
                $"Send it with 'Content-Type: application/json' (got {OpsIds.Quote(request.ContentType)})."));
        }

        var options = context.RequestServices.GetService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value.SerializerOptions ?? OpsJson.Options;
        try
        {
            return JsonSerializer.Deserialize<T>(body, options) is { } value ? new(value, null) : Required();
        }
        catch (JsonException malformed)
        {
            return new(null, OpsProblems.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON for this request.", malformed.Message));
        }
        catch (Exception unreadable) when (unreadable is InvalidOperationException or ArgumentException)
        {
            // Text that is not valid UTF-8, or a string with a lone UTF-16 surrogate, is refused by the reader.
            return new(null, OpsProblems.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON for this request.",
                "It holds text that is not valid UTF-8 or an unpaired UTF-16 surrogate."));
        }
    }

    /// <summary>Tells OpenAPI the request body's schema and the problems reading it may answer.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T), isOptional: false));
        foreach (var status in new[] { StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType })
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        }
    }

    private static JsonBody<T> Required() => new(null, OpsProblems.Problem(StatusCodes.Status400BadRequest, "A JSON body is required.",
        $"Send a JSON object such as {OpsExamples.For(typeof(T))}."));
}
