using System.Text;
using System.Text.Json;

namespace EmergencyFlow.Infra.Tests;

/// <summary>One error or warning, with the file relative to infra/bicep.</summary>
internal sealed record BicepDiagnostic(string File, int Line, string Level, string Code, string Message)
{
    public override string ToString() => $"{File}({Line}) {Level} {Code}: {Message}";

    /// <summary>
    /// Reads what the CLI writes with --diagnostics-format sarif: with --pattern, one document per
    /// file, back to back. Notes (informational diagnostics) are left out.
    /// </summary>
    public static IReadOnlyList<BicepDiagnostic> ParseSarif(string sarif, string root)
    {
        var diagnostics = new List<BicepDiagnostic>();
        if (string.IsNullOrWhiteSpace(sarif))
        {
            return diagnostics;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(sarif), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    // SARIF's default level is warning: Bicep leaves it out for warnings.
                    var level = result.TryGetProperty("level", out var l) ? l.GetString()! : "warning";
                    if (level is not ("error" or "warning"))
                    {
                        continue;
                    }

                    var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                    var path = new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
                    diagnostics.Add(new BicepDiagnostic(
                        InfraFiles.Relative(path, root),
                        location.GetProperty("region").GetProperty("startLine").GetInt32(),
                        level,
                        result.GetProperty("ruleId").GetString()!,
                        result.GetProperty("message").GetProperty("text").GetString()!));
                }
            }
        }

        return diagnostics;
    }
}
