using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace EmergencyFlow.Http.Supervisor;

/// <summary>
/// The supervisor page's files (HTML, CSS, JS), embedded in this assembly so the local host and the
/// Functions app serve the same bytes; no build step and nothing fetched from elsewhere.
/// </summary>
public static class SupervisorAssets
{
    /// <summary>The page itself.</summary>
    public const string Index = "index.html";

    /// <summary>
    /// Headers every response of the page carries: only its own origin may supply scripts, styles and
    /// data; it may not be framed; nothing is sent as a referrer.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SecurityHeaders { get; } = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "no-cache",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, SupervisorAsset> Files = Load();

    /// <summary>The file names that can be served.</summary>
    public static IEnumerable<string> Names => Files.Keys;

    /// <summary>The file as a result with the page's security headers, or 404 (names are matched exactly: no paths, no traversal).</summary>
    public static IResult Serve(HttpContext context, string? name)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Find(name) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        foreach (var (header, value) in SecurityHeaders)
        {
            context.Response.Headers[header] = value;
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>The file, or null (names are matched exactly: no paths, no traversal).</summary>
    public static SupervisorAsset? Find(string? name) =>
        string.IsNullOrEmpty(name) ? Files[Index] : Files.GetValueOrDefault(name);

    private static FrozenDictionary<string, SupervisorAsset> Load()
    {
        var assembly = typeof(SupervisorAssets).Assembly;
        const string prefix = "supervisor/";
        var files = new Dictionary<string, SupervisorAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[prefix.Length..];
            files[name] = new SupervisorAsset(copy.ToArray(), Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            });
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
