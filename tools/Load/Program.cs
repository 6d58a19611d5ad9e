using System.CommandLine;
using EmergencyFlow.Load;

// Load figures for docs/performance.md: the local host on each durable storage provider, side by side.
//   dotnet run -c Release --project tools/Load                                  (SQLite and Azure Storage on Azurite, 8 and 64 in flight)
//   dotnet run -c Release --project tools/Load -- --providers sqlite --calls 2000 --concurrency 64
// Each provider gets its own local host on loopback (real clock), warmed up first; each phase dials N
// emergencies with C under way at once (a caller dials again once its last dial reached Do Not Disturb),
// while callbacks to live leases are routed beside them (C requests in flight), then ends the calls.
// Prints one table; asserts nothing.
var providersOption = new Option<string[]>("--providers") { Description = "sqlite, azure (Azure Storage on an Azurite this tool starts).", DefaultValueFactory = _ => ["sqlite", "azure"], AllowMultipleArgumentsPerToken = true };
var callsOption = new Option<int>("--calls") { Description = "Dials per phase on SQLite.", DefaultValueFactory = _ => 1000 };
var azureCallsOption = new Option<int>("--azure-calls") { Description = "Dials per phase on Azure Storage (it is much slower).", DefaultValueFactory = _ => 150 };
var concurrencyOption = new Option<int[]>("--concurrency") { Description = "Requests in flight, one phase each.", DefaultValueFactory = _ => [8, 64], AllowMultipleArgumentsPerToken = true };
var poolOption = new Option<int?>("--pool") { Description = "Callback numbers (default: one per dial of the whole run, so every lease succeeds)." };
var warmupOption = new Option<int>("--warmup") { Description = "Dials before measuring (not measured); their leases are the callbacks' targets.", DefaultValueFactory = _ => 200 };
var root = new RootCommand("EmergencyFlow load: dials, routing and call ends against the local host on each storage provider; prints one table.")
{
    providersOption, callsOption, azureCallsOption, concurrencyOption, warmupOption, poolOption,
};
root.SetAction(async (parse, cancellation) =>
{
    var rows = new List<LoadRow>();
    Console.WriteLine($"EmergencyFlow load on {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
    foreach (var provider in parse.GetValue(providersOption)!)
    {
        var calls = provider == "azure" ? parse.GetValue(azureCallsOption) : parse.GetValue(callsOption);
        await using var host = await LoadHost.StartAsync(provider);
        var run = new LoadRun(host, provider, parse.GetValue(warmupOption));
        await run.PrepareAsync(calls * parse.GetValue(concurrencyOption)!.Length, parse.GetValue(poolOption));
        foreach (var concurrency in parse.GetValue(concurrencyOption)!)
        {
            rows.Add(await run.PhaseAsync(calls, concurrency));
        }
    }

    LoadTable.Print(rows);
    return rows.Sum(r => r.Failures) == 0 ? 0 : 1;
});
return await root.Parse(args).InvokeAsync();
