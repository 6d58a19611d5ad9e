using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EmergencyFlow.LocalHost.Http;

/// <summary>The webhook and ops keys in effect.</summary>
/// <param name="Webhook">Event Grid webhook key.</param>
/// <param name="Ops">Ops API key.</param>
public sealed record HostKeys(string Webhook, string Ops)
{
    /// <summary>Where generated keys are kept (in the data folder, never in the repository).</summary>
    public static string FileIn(string dataDirectory) => Path.Combine(dataDirectory, "keys.json");

    /// <summary>
    /// Configured keys win; otherwise keys generated on first start are read from, or written to,
    /// the data folder, so scripts can find them and they survive restarts.
    /// </summary>
    public static HostKeys Resolve(LocalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = FileIn(options.DataDirectory);
        HostKeys? stored = File.Exists(file) ? JsonSerializer.Deserialize<HostKeys>(File.ReadAllText(file)) : null;
        if (stored is null && (string.IsNullOrEmpty(options.WebhookKey) || string.IsNullOrEmpty(options.OpsKey)))
        {
            stored = new HostKeys(NewKey(), NewKey());
            Directory.CreateDirectory(options.DataDirectory);
            File.WriteAllText(file, JsonSerializer.Serialize(stored));
        }

        return new HostKeys(
            string.IsNullOrEmpty(options.WebhookKey) ? stored!.Webhook : options.WebhookKey,
            string.IsNullOrEmpty(options.OpsKey) ? stored!.Ops : options.OpsKey);
    }

    /// <summary>True when the request carries <paramref name="expected"/> as query "code" or header "x-functions-key".</summary>
    public static bool Carries(HttpRequest request, string expected)
    {
        ArgumentNullException.ThrowIfNull(request);
        var given = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
