using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace EmergencyFlow.Domain.Lifecycle;

/// <summary>
/// The ACS identifiers of one call. The dialer may know the server call id, the correlation id or
/// both; ACS events carry both. The lifecycle instance id is derived from them, so a duplicate
/// delivery finds the existing instance.
/// </summary>
/// <param name="ServerCallId">ACS serverCallId, when known.</param>
/// <param name="CorrelationId">ACS correlationId, when known.</param>
public sealed record CallKey(string? ServerCallId, string? CorrelationId)
{
    private const string Prefix = "emergency-";

    /// <summary>True when at least one id is present.</summary>
    [JsonIgnore]
    public bool IsKnown => !string.IsNullOrWhiteSpace(ServerCallId) || !string.IsNullOrWhiteSpace(CorrelationId);

    /// <summary>The instance id a lifecycle for this call gets: from the server call id when known, else the correlation id.</summary>
    [JsonIgnore]
    public string InstanceId => CandidateInstanceIds.FirstOrDefault()
        ?? throw new InvalidOperationException("A call key needs a serverCallId or a correlationId.");

    /// <summary>
    /// Every instance id a lifecycle of this call may have, in the order to try: an end event that
    /// carries both ids finds a lifecycle started from either.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string> CandidateInstanceIds =>
        new[] { ServerCallId, CorrelationId }
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Select(id => ToInstanceId(id!))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Makes an id safe for every durable backend (no '/', '\', '#', '?', at most 100 characters):
    /// server call ids are long base64 strings, so long or unsafe ids are replaced by a SHA-256 prefix.
    /// </summary>
    public static string ToInstanceId(string callId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        var trimmed = callId.Trim();
        var safe = trimmed.Length <= 64 && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (safe)
        {
            return Prefix + trimmed;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(trimmed));
        return Prefix + Convert.ToHexStringLower(hash)[..40];
    }
}
