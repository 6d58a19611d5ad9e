using System.Globalization;
using System.Text.Json;

namespace EmergencyFlow.Engine.AzureStorage;

/// <summary>
/// One object of host.json, read the way the Functions host binds it: keys ignore case, and numbers,
/// booleans and durations may be written as JSON values or as strings. Every key read is remembered, so
/// the ones nobody read can be reported instead of silently ignored.
/// </summary>
internal sealed class HostJsonSection
{
    private readonly Dictionary<string, JsonProperty> properties = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> read = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HostJsonIssue> issues;

    public HostJsonSection(JsonElement? element, string path, List<HostJsonIssue> issues)
    {
        Path = path;
        this.issues = issues;
        if (element is { ValueKind: JsonValueKind.Object } found)
        {
            foreach (var property in found.EnumerateObject())
            {
                properties[property.Name] = property;
            }
        }
        else if (element is { ValueKind: not JsonValueKind.Null })
        {
            throw Invalid(path, "must be an object");
        }
    }

    public string Path { get; }

    public HostJsonSection Section(string key) => new(Take(key), $"{Path}:{key}", issues);

    public string? String(string key) =>
        Take(key) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            _ => throw Invalid(key, "must be a string"),
        };

    public bool? Boolean(string key) =>
        Take(key) switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            { ValueKind: JsonValueKind.String } value when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw Invalid(key, "must be true or false"),
        };

    public int? Integer(string key, int minimum, int maximum = int.MaxValue)
    {
        int? value = Take(key) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var parsed) => parsed,
            { ValueKind: JsonValueKind.String } text when int.TryParse(text.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Invalid(key, "must be a whole number"),
        };
        return value is { } given && (given < minimum || given > maximum)
            ? throw Invalid(key, maximum == int.MaxValue ? $"must be at least {minimum}" : $"must be between {minimum} and {maximum}")
            : value;
    }

    public TimeSpan? Duration(string key, TimeSpan minimum, TimeSpan maximum)
    {
        TimeSpan? value = Take(key) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } text when TimeSpan.TryParse(text.GetString(), CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Invalid(key, "must be a duration such as \"00:00:30\""),
        };
        return value is { } given && (given < minimum || given > maximum)
            ? throw Invalid(key, $"must be between {minimum} and {maximum}")
            : value;
    }

    /// <summary>Marks a known key the engine does not apply, and reports it if host.json sets it.</summary>
    public void NotApplied(string key, string reason)
    {
        if (Take(key) is not null)
        {
            Report(key, reason);
        }
    }

    public void Report(string key, string message) => issues.Add(new HostJsonIssue($"{Path}:{key}", message));

    /// <summary>Reports every key no one read: a setting Durable Functions may know and the engine does not.</summary>
    public void ReportUnread()
    {
        foreach (var (name, _) in properties)
        {
            if (!read.Contains(name))
            {
                Report(name, "unknown to the engine; not applied");
            }
        }
    }

    private JsonElement? Take(string key)
    {
        read.Add(key);
        return properties.TryGetValue(key, out var property) && property.Value.ValueKind != JsonValueKind.Null ? property.Value : null;
    }

    private InvalidOperationException Invalid(string key, string problem) => new($"host.json {Path}:{key} {problem}.");
}
