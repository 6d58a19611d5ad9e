using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using EmergencyFlow.Application.Settings;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.Sqlite;
using EmergencyFlow.LocalHost.Demo;
using EmergencyFlow.LocalHost.Http;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// The local host's command line: options of its own (<c>--urls</c>, <c>--data-directory</c>), any
/// configuration setting as <c>--Section:Name=value</c> (handed to the host's configuration as
/// they are), and the <c>demo</c> subcommand. Anything else is an error.
/// </summary>
public static class LocalHostCommand
{
    /// <summary>The command that runs the host or the demo.</summary>
    public static RootCommand Create() => Create(RunHostAsync, DemoRunner.RunAsync);

    /// <summary>
    /// Parses <paramref name="args"/> and runs what they ask for; returns the exit code. A parse error is
    /// one line on the error output and exit code 1, without the whole usage after it (--help has that).
    /// </summary>
    public static Task<int> InvokeAsync(RootCommand command, string[] args, InvocationConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parse = command.Parse(args);
        if (parse.Action is ParseErrorAction error)
        {
            error.ShowHelp = false;
        }

        return parse.InvokeAsync(configuration);
    }

    /// <summary>The command, with the host and the demo replaced (tests check what they would be given).</summary>
    internal static RootCommand Create(Func<string[], CancellationToken, Task<int>> runHost, Func<DemoSettings, CancellationToken, Task<int>> runDemo)
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Address(es) to listen on, separated by ';' [default: {LocalHostApp.DefaultUrl}]",
            HelpName = "url",
        };
        var dataDirectory = new Option<string>("--data-directory")
        {
            Description = "Folder for the SQLite database, the .eml outbox and the keys (EmergencyFlow:DataDirectory) [default: .data]",
            HelpName = "path",
        };
        var settings = SettingsArgument();
        var root = new RootCommand("EmergencyFlow local host: the whole product in one process over SQLite, with the Functions app's webhook and ops routes.")
        {
            urls,
            dataDirectory,
            settings,
            CreateDemo(runDemo, settings),
        };
        root.SetAction((parse, cancellation) =>
        {
            List<string> hostArgs = [];
            if (parse.GetValue(urls) is { } url)
            {
                hostArgs.AddRange(["--urls", url]);
            }

            if (parse.GetValue(dataDirectory) is { } directory)
            {
                hostArgs.Add($"--{EmergencyFlowOptions.Section}:DataDirectory={directory}");
            }

            // Settings come last so that an explicit --EmergencyFlow:DataDirectory wins, as the configuration provider would have it.
            hostArgs.AddRange(parse.GetValue(settings) ?? []);
            return StopOnBadSettingsAsync(parse, () => runHost([.. hostArgs], cancellation));
        });
        return root;
    }

    /// <summary>The demo; settings written before <c>demo</c> (the root's) count as well as those after it.</summary>
    private static Command CreateDemo(Func<DemoSettings, CancellationToken, Task<int>> runDemo, Argument<string[]> rootSettings)
    {
        var speed = new Option<double>("--speed")
        {
            Description = "How many times faster than the wall clock the demo's clock runs",
            DefaultValueFactory = _ => DemoSettings.DefaultSpeed,
            HelpName = "factor",
        };
        speed.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 1 or > 3600)
            {
                result.AddError("--speed must be between 1 and 3600.");
            }
        });
        var settings = SettingsArgument();
        var demo = new Command("demo", "Plays one emergency from dial to release on a fast clock (data in .data/demo, emptied first) and prints what happens")
        {
            speed,
            settings,
        };
        demo.SetAction((parse, cancellation) =>
            StopOnBadSettingsAsync(parse, () => runDemo(new DemoSettings(parse.GetValue(speed), [.. parse.GetValue(rootSettings) ?? [], .. parse.GetValue(settings) ?? []]), cancellation)));
        return demo;
    }

    /// <summary>
    /// Configuration overrides. Every token that is not a known option lands here, so this is also where
    /// unknown options are refused: only <c>--Section:Name=value</c> (or <c>--Section:Name value</c>) passes,
    /// and names under EmergencyFlow must be settings the host has, so a misspelt one is not silently ignored.
    /// </summary>
    private static Argument<string[]> SettingsArgument()
    {
        var settings = new Argument<string[]>("settings")
        {
            Description = "Configuration overrides, e.g. --EmergencyFlow:SenderAddress=alerts@contoso.com (any setting of appsettings.json)",
            HelpName = "--Section:Name=value",
            Arity = ArgumentArity.ZeroOrMore,
        };
        settings.Validators.Add(CheckSettings);
        return settings;
    }

    private static void CheckSettings(ArgumentResult result)
    {
        var tokens = result.Tokens.Select(t => t.Value).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..].Split('=', 2)[0] : string.Empty;
            if (!key.Contains(':', StringComparison.Ordinal))
            {
                result.AddError(token.StartsWith('-')
                    ? $"Unknown option '{token}'. Settings are written --Section:Name=value (e.g. --EmergencyFlow:DataDirectory=/tmp/ef); see --help."
                    : $"Unexpected argument '{token}'. See --help.");
                return;
            }

            if (key.StartsWith(EmergencyFlowOptions.Section + ":", StringComparison.OrdinalIgnoreCase) && !KnownSettings.Contains(key.Split(':')[1]))
            {
                result.AddError($"Unknown setting '{key}'. Known: {string.Join(", ", KnownSettings.Order(StringComparer.Ordinal))}.");
                return;
            }

            if (!token.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 == tokens.Count || tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    result.AddError($"Setting '{key}' has no value: write --{key}=value.");
                    return;
                }

                i++;
            }
        }
    }

    private static readonly HashSet<string> KnownSettings = new(
        SettingsValidator.KnownNames(typeof(EmergencyFlowOptions), typeof(LocalOptions)).Append("SeedAgents"),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>A bad setting, or a data directory another host holds, ends the process with one line on stderr and exit code 1, not a stack trace.</summary>
    private static async Task<int> StopOnBadSettingsAsync(ParseResult parse, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (ex is OptionsValidationException or DatabaseInUseException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"EmergencyFlow local host did not start: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Runs the host until Ctrl+C.</summary>
    private static async Task<int> RunHostAsync(string[] hostArgs, CancellationToken cancellation)
    {
        var app = LocalHostApp.Build(hostArgs);
        await using (app)
        {
            await app.StartAsync(cancellation);
            var options = app.Services.GetRequiredService<LocalOptions>();
            Console.WriteLine($"""

                EmergencyFlow local host is running on {string.Join(", ", app.Urls)}
                  engine   : {(options.UsesAzureStorage ? "Azure Storage (AzureWebJobsStorage; Azurite by default), task hub from host.json" : Path.GetFullPath(options.DurableDatabaseFile))}
                  data     : {Path.GetFullPath(options.DatabaseFile)}
                  outbox   : {Path.GetFullPath(options.OutboxDirectory)}
                  keys     : {Path.GetFullPath(HostKeys.FileIn(options.DataDirectory))} (webhook and ops keys)
                  settings : {app.Environment.ContentRootPath}
                  try      : scripts/post-event.sh samples/events/eventgrid/outbound-call-placed.json
                Press Ctrl+C to stop; lifecycles resume where they were on the next start.

                """);
            if (File.Exists(options.LegacyDatabaseFile))
            {
                await Console.Error.WriteLineAsync($"NOTE: {Path.GetFullPath(options.LegacyDatabaseFile)} is from a version before Microsoft's engine; it is not read, and lifecycles unfinished in it are not resumed.");
            }

            var pool = (await app.Services.GetRequiredService<IOpsBackend>().ReadPoolAsync(cancellation)).Pool.Numbers.Count;
            var agents = app.Services.GetRequiredService<LocalStore>().ListAgents().Count;
            if (pool == 0 || agents == 0)
            {
                // Loud on purpose: the host works, but an emergency would get no callback number or no email.
                await Console.Error.WriteLineAsync($"""
                    WARNING: the callback pool has {pool} number(s) and the agent directory {agents} agent(s): an emergency now gets no callback number or no contacts.
                    WARNING: was appsettings.json found in {app.Environment.ContentRootPath}? Fill them with PUT /api/ops/pool and PUT /api/ops/agents/<id>, or EmergencyFlow:SeedPoolNumbers and SeedAgents.

                    """);
            }

            await app.WaitForShutdownAsync(cancellation);
        }

        return 0;
    }
}
