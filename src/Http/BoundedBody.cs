using EmergencyFlow.Http.Ops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmergencyFlow.Http;

/// <summary>
/// Reads a request body with a size limit, the same way for the webhook and the ops API on both hosts:
/// a body announced or found larger than the limit is answered 413 without holding the rest in memory,
/// and a body the server itself refused (broken chunking, its own limit) is answered with its status.
/// </summary>
public static class BoundedBody
{
    /// <summary>The body, or the problem to answer instead.</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, string tooLargeDetail)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(tooLargeDetail));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(tooLargeDetail));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException transport)
        {
            return (null, OpsProblems.Problem(transport.StatusCode, "The request body could not be read.", transport.Message));
        }

        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(string detail) =>
        OpsProblems.Problem(StatusCodes.Status413PayloadTooLarge, "The body is too large.", detail);
}
