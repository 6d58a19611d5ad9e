using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EmergencyFlow.Hosting.Ops;

/// <summary>
/// The ops API's responses, one shape on both hosts: JSON payloads with <see cref="OpsJsonBody.Options"/>,
/// errors as RFC 7807 problems (<c>application/problem+json</c>) whose <c>problems</c> list names each field.
/// </summary>
public static class OpsResults
{
    /// <summary>A JSON payload with a status (200 unless told).</summary>
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, OpsJsonBody.Options, statusCode: status);

    /// <summary>A problem; <paramref name="problems"/>, when given, lists what is wrong one item per field.</summary>
    public static IResult Problem(int status, string title, string? detail = null, IReadOnlyList<string>? problems = null)
    {
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (problems is not null)
        {
            details.Extensions["problems"] = problems;
        }

        return TypedResults.Problem(details);
    }

    /// <summary>400 with the list of what is wrong.</summary>
    public static IResult Invalid(string title, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return Problem(StatusCodes.Status400BadRequest, title, string.Join(" ", problems), problems);
    }

    /// <summary>404: nothing has this id.</summary>
    public static IResult NotFound(string title) => Problem(StatusCodes.Status404NotFound, title);
}
