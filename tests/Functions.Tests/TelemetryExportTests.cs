using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;

namespace EmergencyFlow.Functions.Tests;

/// <summary>Telemetry reaches an Application Insights resource with local auth off, and operator alerts are never sampled away.</summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public void The_exporter_sends_with_the_apps_identity_and_samples_nothing()
    {
        var credential = Substitute.For<TokenCredential>();
        var options = new AzureMonitorExporterOptions();

        TelemetryExport.Configure(options, credential);

        options.Credential.ShouldBeSameAs(credential);
        options.SamplingRatio.ShouldBe(1F);
        options.TracesPerSecond.ShouldBeNull();
        options.EnableTraceBasedLogsSampler.ShouldBeFalse();
    }

    [Fact]
    public void The_hosts_adaptive_sampling_never_drops_a_log_record()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "FunctionsApp", "host.json")))!;

        var excluded = hostJson["logging"]!["applicationInsights"]!["samplingSettings"]!["excludedTypes"]!.GetValue<string>().Split(';');

        excluded.ShouldContain("Trace");
    }
}
