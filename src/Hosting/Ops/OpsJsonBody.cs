using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EmergencyFlow.Hosting.Http;
using Microsoft.AspNetCore.Http;

namespace EmergencyFlow.Hosting.Ops;

/// <summary>
/// Reads an ops request's JSON body the same way on both hosts: bounded in size, JSON only, and every
/// way a body can be wrong is a 4xx that says what is wrong (413 too large, 415 not JSON, 400 empty
/// or malformed) — never an exception that becomes a 500.
/// </summary>
public static class OpsJsonBody
{
    /// <summary>
    /// The largest body accepted: a pool of <see cref="OpsValidation.MaxPoolNumbers"/> numbers,
    /// pretty-printed, fits with room to spare.
    /// </summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>Web defaults (camelCase, case-insensitive names); the same for requests and responses on both hosts.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// The body as <typeparamref name="T"/>, or the problem to answer instead. <paramref name="example"/>
    /// shows the expected shape in the "body required" problem.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, string example)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, refused) = await BoundedBody.ReadAsync(request, MaxBytes, $"An ops request body may hold at most {MaxBytes / 1024 / 1024} MiB.");
        if (refused is not null)
        {
            return (null, refused);
        }

        if (body!.Length == 0)
        {
            return (null, Required(example));
        }

        if (!request.HasJsonContentType())
        {
            return (null, OpsResults.Problem(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON.",
                $"Send it with 'Content-Type: application/json' (got {OpsIds.Quote(request.ContentType)})."));
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body!, Options) is { } value ? (value, null) : (null, Required(example));
        }
        catch (JsonException malformed)
        {
            return (null, OpsResults.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON for this request.", malformed.Message));
        }
        catch (Exception unreadable) when (unreadable is InvalidOperationException or ArgumentException)
        {
            // Text that is not valid UTF-8, or a string with a lone UTF-16 surrogate, is refused by the reader.
            return (null, OpsResults.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON for this request.",
                "It holds text that is not valid UTF-8 or an unpaired UTF-16 surrogate."));
        }
    }

    private static IResult Required(string example) =>
        OpsResults.Problem(StatusCodes.Status400BadRequest, "A JSON body is required.", $"Send a JSON object such as {example}.");

    private static JsonSerializerOptions CreateOptions()
    {
        // The same timestamps (UTC, "Z") and enum words as every other JSON the hosts write.
        var options = OpsJson.Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() });
        options.MakeReadOnly();
        return options;
    }
}
