namespace EmergencyFlow.Load;

/// <summary>One phase's figures: a provider at a number of requests in flight.</summary>
/// <param name="Provider">sqlite or azure.</param>
/// <param name="Concurrency">Requests in flight.</param>
/// <param name="Calls">Dials in the phase.</param>
/// <param name="Lifecycles">Lifecycles per second that reached DND and the email (from the first dial sent to the last email).</param>
/// <param name="DndRate">Dials per second that reached Do Not Disturb (from the first dial sent to the last DND).</param>
/// <param name="Acknowledged">Dial → webhook answered (the start is stored).</param>
/// <param name="Dnd">Dial → Do Not Disturb set.</param>
/// <param name="Email">Dial → DND set and the email handed over.</param>
/// <param name="Routing">Callback → routed, while the dials run.</param>
/// <param name="CallEnd">Call end → presence restored.</param>
/// <param name="Failures">Requests that failed, and dials that never reached the email.</param>
internal sealed record LoadRow(
    string Provider, int Concurrency, int Calls, double Lifecycles, double DndRate, Latency Acknowledged, Latency Dnd, Latency Email, Latency Routing, Latency CallEnd, int Failures);

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Latency(double P50, double P99, int Count)
{
    public static Latency Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new(Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}
