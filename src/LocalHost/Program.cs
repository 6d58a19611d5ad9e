using EmergencyFlow.LocalHost;
using EmergencyFlow.LocalHost.Demo;
using EmergencyFlow.LocalHost.Http;

if (args.FirstOrDefault() == "demo")
{
    return await DemoRunner.RunAsync(args[1..]);
}

var app = LocalHostApp.Build(args);
await app.StartAsync();
var options = app.Services.GetRequiredService<LocalOptions>();
Console.WriteLine($"""

    EmergencyFlow local host is running on {string.Join(", ", app.Urls)}
      database : {Path.GetFullPath(options.DatabaseFile)}
      outbox   : {Path.GetFullPath(options.OutboxDirectory)}
      keys     : {Path.GetFullPath(HostKeys.FileIn(options.DataDirectory))} (webhook and ops keys)
      try      : scripts/post-event.sh samples/events/eventgrid/outbound-call-placed.json
    Press Ctrl+C to stop; lifecycles resume where they were on the next start.

    """);
await app.WaitForShutdownAsync();
return 0;
