using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EmergencyFlow.Functions.Http;

/// <summary>
/// Runs a shared handler's <see cref="IResult"/> in an HTTP function: the ASP.NET Core integration
/// executes <see cref="IActionResult"/>, and both hosts' handlers produce minimal-API results.
/// </summary>
public sealed class ResultAction(IResult result) : IActionResult
{
    /// <inheritdoc />
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }
}
