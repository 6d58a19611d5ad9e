using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace EmergencyFlow.Domain.Notifications;

/// <summary>
/// The editable "emergency call notification" template. Placeholders are <c>{{Name}}</c>; a section
/// <c>{{#Name}}…{{/Name}}</c> renders only when the field has a value. Unknown placeholders and
/// unbalanced sections are rejected when the template is saved (<see cref="Validate"/>), never at send time.
/// </summary>
/// <param name="Subject">Subject line (plain text).</param>
/// <param name="PlainText">Plain-text body.</param>
/// <param name="Html">HTML body; field values are HTML-escaped.</param>
public sealed partial record NotificationTemplate(string Subject, string PlainText, string Html)
{
    /// <summary>
    /// The placeholders a template may use: <c>AgentName</c>, <c>DialledNumber</c>, <c>Country</c>,
    /// <c>CallbackNumber</c> (the leased number, or <see cref="NoCallbackNumber"/>), <c>LeasedCallbackNumber</c>
    /// (the leased number, empty when none: use it as a section), <c>CallStartedAt</c> (UTC),
    /// <c>CallStartedAtLocal</c> (the agent's local time with its zone, empty when unknown: see
    /// <see cref="CallTimeZones"/>), <c>Location</c> and <c>TestNotice</c>.
    /// </summary>
    public static IReadOnlyList<string> Fields { get; } =
        ["AgentName", "DialledNumber", "Country", "CallbackNumber", "LeasedCallbackNumber", "CallStartedAt", "CallStartedAtLocal", "Location", "TestNotice"];

    /// <summary>What <c>{{CallbackNumber}}</c> says when the pool was exhausted.</summary>
    public const string NoCallbackNumber = "no dedicated callback number was available";

    /// <summary>
    /// The template shipped with EmergencyFlow. It is read by family members: it says what the callback
    /// number is for, and that it is for emergency services, not for them.
    /// </summary>
    public static NotificationTemplate Default { get; } = new(
        Subject: "{{TestNotice}}Emergency call by {{AgentName}}",
        PlainText: """
            {{TestNotice}}{{AgentName}} called the emergency number {{DialledNumber}} ({{Country}}) at {{CallStartedAt}}.
            {{#CallStartedAtLocal}}Local time: {{CallStartedAtLocal}}.
            {{/CallStartedAtLocal}}{{#Location}}Reported location: {{Location}}
            {{/Location}}
            Callback number for emergency services: {{CallbackNumber}}.
            {{#LeasedCallbackNumber}}This temporary number rings {{AgentName}} directly for a while after the call, so that emergency services can call back if they need to. It is for emergency services only: please do not call it or pass it on, so the line stays free for them.
            {{/LeasedCallbackNumber}}
            You receive this message because you are listed as an emergency contact of {{AgentName}}.
            """,
        Html: """
            <p>{{TestNotice}}<strong>{{AgentName}}</strong> called the emergency number <strong>{{DialledNumber}}</strong> ({{Country}}) at {{CallStartedAt}}.</p>
            {{#CallStartedAtLocal}}<p>Local time: {{CallStartedAtLocal}}.</p>{{/CallStartedAtLocal}}
            {{#Location}}<p>Reported location: {{Location}}</p>{{/Location}}
            <p>Callback number for emergency services: <strong>{{CallbackNumber}}</strong>.</p>
            {{#LeasedCallbackNumber}}<p>This temporary number rings {{AgentName}} directly for a while after the call, so that emergency services can call back if they need to. It is for emergency services only: please do not call it or pass it on, so the line stays free for them.</p>{{/LeasedCallbackNumber}}
            <p style="color:#666">You receive this message because you are listed as an emergency contact of {{AgentName}}.</p>
            """);

    /// <summary>Problems that prevent saving the template; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Check(nameof(Subject), Subject, problems);
        Check(nameof(PlainText), PlainText, problems);
        Check(nameof(Html), Html, problems);
        if (Subject.Contains('\n', StringComparison.Ordinal) || Subject.Contains('\r', StringComparison.Ordinal))
        {
            problems.Add("Subject: must be a single line.");
        }

        return problems;
    }

    /// <summary>Renders the three parts; values are HTML-escaped in <see cref="Html"/> only.</summary>
    public RenderedNotification Render(NotificationFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = fields.ToDictionary();
        return new(
            Fill(Subject, values, html: false).ReplaceLineEndings(" ").Trim(),
            Fill(PlainText, values, html: false),
            Fill(Html, values, html: true));
    }

    private static void Check(string part, string? text, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{part}: must not be empty.");
            return;
        }

        var open = new Stack<string>();
        foreach (Match m in Token().Matches(text))
        {
            var (kind, name) = (m.Groups["kind"].Value, m.Groups["name"].Value);
            if (!Fields.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"{part}: unknown placeholder '{{{{{kind}{name}}}}}'. Known: {string.Join(", ", Fields)}.");
            }
            else if (kind == "#")
            {
                open.Push(name);
            }
            else if (kind == "/" && (open.Count == 0 || open.Pop() != name))
            {
                problems.Add($"{part}: '{{{{/{name}}}}}' closes a section that is not open.");
            }
        }

        problems.AddRange(open.Select(name => $"{part}: section '{{{{#{name}}}}}' is never closed."));
        var stray = Token().Replace(text, string.Empty);
        if (stray.Contains("{{", StringComparison.Ordinal) || stray.Contains("}}", StringComparison.Ordinal))
        {
            problems.Add($"{part}: malformed placeholder; write placeholders as {{{{Name}}}}.");
        }
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string?> values, bool html)
    {
        // Sections first (innermost wins because a section cannot contain itself), then placeholders.
        var withSections = Section().Replace(text, m =>
            string.IsNullOrEmpty(values[m.Groups["name"].Value]) ? string.Empty : m.Groups["body"].Value);
        return Token().Replace(withSections, m =>
        {
            var value = values[m.Groups["name"].Value] ?? string.Empty;
            return html ? WebUtility.HtmlEncode(value) : value;
        });
    }

    [GeneratedRegex(@"\{\{(?<kind>[#/]?)(?<name>[A-Za-z][A-Za-z0-9]*)\}\}")]
    private static partial Regex Token();

    [GeneratedRegex(@"\{\{#(?<name>[A-Za-z][A-Za-z0-9]*)\}\}(?<body>.*?)\{\{/\k<name>\}\}", RegexOptions.Singleline)]
    private static partial Regex Section();
}

/// <summary>The values a notification is rendered with.</summary>
/// <param name="AgentName">Agent display name.</param>
/// <param name="DialledNumber">The emergency number dialled.</param>
/// <param name="Country">Country name.</param>
/// <param name="CallbackNumber">The leased callback number, or null when none was available.</param>
/// <param name="CallStartedAt">When the call was placed.</param>
/// <param name="Location">Location reported by the browser, when given.</param>
/// <param name="IsTest">True for a test call (933).</param>
/// <param name="CountryIso">The country's ISO code, for the local time (<see cref="CallTimeZones.Default"/>); null gives UTC only.</param>
public sealed record NotificationFields(
    string AgentName,
    string DialledNumber,
    string Country,
    string? CallbackNumber,
    DateTimeOffset CallStartedAt,
    string? Location,
    bool IsTest,
    string? CountryIso = null)
{
    internal IReadOnlyDictionary<string, string?> ToDictionary() => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["AgentName"] = AgentName,
        ["DialledNumber"] = DialledNumber,
        ["Country"] = Country,
        ["CallbackNumber"] = string.IsNullOrWhiteSpace(CallbackNumber) ? NotificationTemplate.NoCallbackNumber : CallbackNumber,
        ["LeasedCallbackNumber"] = string.IsNullOrWhiteSpace(CallbackNumber) ? null : CallbackNumber,
        ["CallStartedAt"] = CallStartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["CallStartedAtLocal"] = CallTimeZones.Default.Describe(CountryIso, CallStartedAt),
        ["Location"] = string.IsNullOrWhiteSpace(Location) ? null : Location,
        ["TestNotice"] = IsTest ? "[TEST CALL] " : null,
    };
}

/// <summary>A rendered notification.</summary>
/// <param name="Subject">Subject line.</param>
/// <param name="PlainText">Plain-text body.</param>
/// <param name="Html">HTML body.</param>
public sealed record RenderedNotification(string Subject, string PlainText, string Html);
