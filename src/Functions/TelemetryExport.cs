using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;

namespace EmergencyFlow.Functions;

/// <summary>How the app's traces, metrics and logs go to Application Insights.</summary>
public static class TelemetryExport
{
    /// <summary>
    /// Application Insights has local authentication off, so ingestion needs the app's Entra identity; and nothing is
    /// sampled away: operator alerts are Critical log records the alert rule looks for, and the exporter would otherwise
    /// rate-limit traces and drop logs of unsampled traces.
    /// </summary>
    public static void Configure(AzureMonitorExporterOptions options, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Credential = credential;
        options.SamplingRatio = 1F;
        options.TracesPerSecond = null;
        options.EnableTraceBasedLogsSampler = false;
    }
}
