using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Application.Ops;

/// <summary>
/// The one validator of the ids in ops routes (<c>{agentId}</c>, <c>{instanceId}</c>, <c>{number}</c>),
/// used by every route on both hosts: an id that could never name anything is a 400 with the reason,
/// never a 404, a 409 or a storage error.
/// </summary>
public static class OpsIds
{
    /// <summary>The longest id accepted in a path.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// Agent ids become keys in every store (SQLite rows, Azure Table row keys, Graph paths), so they
    /// are limited to letters, digits and <c>. _ - @</c>, at most 128 characters.
    /// </summary>
    public static IReadOnlyList<string> ProblemsWithAgentId(string? agentId) =>
        IsSafe(agentId, c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            ? []
            : [$"agentId: {Quote(agentId)} must be 1 to {MaxLength} letters, digits, '.', '_', '-' or '@'."];

    /// <summary>
    /// Lifecycle instance ids are made safe for every durable backend when they are derived from a
    /// call (letters, digits, <c>. _ -</c>), so anything else cannot name a lifecycle.
    /// </summary>
    public static IReadOnlyList<string> ProblemsWithInstanceId(string? instanceId) =>
        IsSafe(instanceId, c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? []
            : [$"instanceId: {Quote(instanceId)} must be 1 to {MaxLength} letters, digits, '.', '_' or '-'."];

    /// <summary>A pool number in a path: an E.164 number (<c>+14255550123</c>; spaces, dashes and <c>tel:</c> are accepted).</summary>
    public static IReadOnlyList<string> ProblemsWithNumber(string? number) =>
        number is { Length: <= MaxLength } && PhoneNumber.ToE164(number) is not null
            ? []
            : [$"number: {Quote(number)} is not an E.164 number such as +14255550123."];

    /// <summary>Quotes a caller's value for a problem message: shortened, control characters shown as '?'.</summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var shown = value.Length > 40 ? value[..40] + "…" : value;
        return "'" + new string(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c).ToArray()) + "'";
    }

    private static bool IsSafe(string? id, Func<char, bool> allowed) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(allowed);
}
