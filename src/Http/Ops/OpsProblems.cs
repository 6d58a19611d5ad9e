using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EmergencyFlow.Http.Ops;

/// <summary>
/// The ops API's errors, one shape on both hosts: RFC 7807 problems (<c>application/problem+json</c>) whose
/// <c>problems</c> list names each field that is wrong, as typed results so the OpenAPI document lists them.
/// </summary>
public static class OpsProblems
{
    /// <summary>The name of the extension that lists what is wrong, one item per field.</summary>
    public const string ProblemsExtension = "problems";

    /// <summary>A problem document; <paramref name="problems"/>, when given, lists what is wrong one item per field.</summary>
    public static ProblemDetails Details(int status, string title, string? detail = null, IReadOnlyList<string>? problems = null)
    {
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (problems is not null)
        {
            details.Extensions[ProblemsExtension] = problems;
        }

        return details;
    }

    /// <summary>400 with the list of what is wrong.</summary>
    public static ProblemHttpResult Invalid(string title, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return TypedResults.Problem(Details(StatusCodes.Status400BadRequest, title, string.Join(" ", problems), problems));
    }

    /// <summary>404: nothing has this id.</summary>
    public static ProblemHttpResult NotFound(string title) => TypedResults.Problem(Details(StatusCodes.Status404NotFound, title));

    /// <summary>409: the change conflicts with the state as it stands.</summary>
    public static ProblemHttpResult Conflict(string title, string? detail) =>
        TypedResults.Problem(Details(StatusCodes.Status409Conflict, title, detail));

    /// <summary>Any other status (401, 413, 415 …).</summary>
    public static ProblemHttpResult Problem(int status, string title, string? detail = null) => TypedResults.Problem(Details(status, title, detail));
}
