using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace EmergencyFlow.Infra.Tests;

/// <summary>
/// What a deployment would create, evaluated offline by <c>bicep snapshot</c> from a template and
/// parameter values: conditions, loops, variables and <c>fail()</c> checks are resolved; only what
/// Azure knows at deployment time (<c>reference()</c>, <c>listKeys()</c>) stays an expression.
/// </summary>
internal static class BicepSnapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";
    public const string Location = "swedencentral";
    public const string ResourceGroup = "rg-test";

    /// <summary>Snapshots <paramref name="template"/> (relative to infra/bicep) with these parameter values.</summary>
    public static async Task<Snapshot> RunAsync(string template, IReadOnlyDictionary<string, object> parameters)
    {
        var directory = Directory.CreateTempSubdirectory("emergencyflow-snapshot-");
        try
        {
            var parameterFile = Path.Combine(directory.FullName, "test.bicepparam");
            var text = new StringBuilder();
            // The file is outside the repository, so the template is named by a relative path to it.
            text.Append(CultureInfo.InvariantCulture, $"using '{Relative(directory.FullName, InfraFiles.Source(template))}'\n");
            foreach (var (name, value) in parameters)
            {
                text.Append(CultureInfo.InvariantCulture, $"param {name} = {Literal(value)}\n");
            }

            await File.WriteAllTextAsync(parameterFile, text.ToString());

            List<string> arguments = ["snapshot", parameterFile, "--subscription-id", SubscriptionId, "--location", Location];
            var source = await File.ReadAllTextAsync(InfraFiles.Source(template));
            if (!source.Contains("targetScope = 'subscription'", StringComparison.Ordinal))
            {
                arguments.AddRange(["--resource-group", ResourceGroup]);
            }

            var result = await BicepCli.RunAsync([.. arguments]);
            var output = Path.ChangeExtension(parameterFile, ".snapshot.json");
            var snapshot = File.Exists(output) ? JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject() : null;
            return new Snapshot(result, snapshot);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Relative(string from, string to) => Path.GetRelativePath(from, to).Replace(Path.DirectorySeparatorChar, '/');

    // A .bicepparam literal: strings single-quoted with Bicep's escapes (no interpolation).
    private static string Literal(object value) => value switch
    {
        string s => $"'{s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("${", "\\${", StringComparison.Ordinal)}'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        IEnumerable<string> items => $"[{string.Join(", ", items.Select(Literal))}]",
        _ => throw new ArgumentException($"No .bicepparam literal for {value.GetType()}.", nameof(value)),
    };
}

/// <summary>The outcome of one <c>bicep snapshot</c>: the predicted resources, or why there are none.</summary>
internal sealed record Snapshot(BicepResult Run, JsonObject? Document)
{
    public bool Succeeded => Run.ExitCode == 0 && Document is not null;

    /// <summary>Everything the CLI said, for assertions on refusals and for failure messages.</summary>
    public string Messages => $"{Run.StandardOutput}\n{Run.StandardError}";

    public IReadOnlyList<JsonObject> Resources =>
        [.. Succeeded ? Document!["predictedResources"]!.AsArray().Select(r => r!.AsObject()) : throw new InvalidOperationException($"The snapshot failed:\n{Messages}")];

    public JsonObject Outputs => Document?["outputs"]?.AsObject() ?? throw new InvalidOperationException($"The snapshot failed:\n{Messages}");

    public IReadOnlyList<JsonObject> OfType(string type) =>
        [.. Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))];

    public JsonObject Single(string type) => OfType(type).ShouldHaveSingleItem();

    /// <summary>The function app's settings by name.</summary>
    public IReadOnlyDictionary<string, string> AppSettings =>
        Single("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => s!["value"]!.ToString(), StringComparer.Ordinal);
}
