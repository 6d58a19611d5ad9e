using System.Globalization;

namespace EmergencyFlow.Load;

/// <summary>The one table the tool prints, then the SQLite ÷ Azure Storage ratio per concurrency.</summary>
internal static class LoadTable
{
    public static void Print(IReadOnlyList<LoadRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| provider | in flight | dials | lifecycles/s | dials → DND /s | ack p50/p99 ms | dial → DND p50/p99 ms | dial → DND + email p99 ms | routing p50/p99 ms (dials running) | call end → presence p99 ms | failures |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Provider} | {r.Concurrency} | {r.Calls} | {r.Lifecycles:F0} | {r.DndRate:F0} | {Ms(r.Acknowledged.P50)} / {Ms(r.Acknowledged.P99)} | {Ms(r.Dnd.P50)} / {Ms(r.Dnd.P99)} | {Ms(r.Email.P99)} | {Ms(r.Routing.P50)} / {Ms(r.Routing.P99)} | {Ms(r.CallEnd.P99)} | {r.Failures} |"));
        }

        foreach (var concurrency in rows.Select(r => r.Concurrency).Distinct())
        {
            var sqlite = rows.FirstOrDefault(r => r.Provider == "sqlite" && r.Concurrency == concurrency);
            var azure = rows.FirstOrDefault(r => r.Provider == "azure" && r.Concurrency == concurrency);
            if (sqlite is not null && azure is not null && azure.Lifecycles > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SQLite ÷ Azure Storage at {concurrency} in flight: {sqlite.Lifecycles / azure.Lifecycles:F0}x lifecycles/s"));
            }
        }
    }

    private static string Ms(double value) => double.IsNaN(value) ? "–" : value.ToString(value < 10 ? "F1" : "F0", CultureInfo.InvariantCulture);
}
