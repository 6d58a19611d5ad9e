using System.CommandLine;
using EmergencyFlow.LocalHost.Demo;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>Bad settings and bad arguments stop the host before it touches anything, with one line that names what to fix.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("emergencyflow-startup-").FullName;

    private string DataDirectory => Path.Combine(_root, "data");

    [Theory]
    [InlineData("SenderAddress=notanemail", "EmergencyFlow:SenderAddress 'notanemail' is not an email address")]
    [InlineData("Storage=Cosmos", "EmergencyFlow:Storage 'Cosmos' must be Sqlite or AzureStorage")]
    [InlineData("CallbackWindowMinutes=0", "EmergencyFlow:CallbackWindowMinutes '0' must be between 1 and 1440 minutes")]
    [InlineData("CallEndDeadlineHours=100", "EmergencyFlow:CallEndDeadlineHours '100' must be between 0.25 and 24 hours")]
    [InlineData("SeedPoolNumbers:0=555-0123", "EmergencyFlow:SeedPoolNumbers is not E.164")]
    [InlineData("OpsKey=letmein", "EmergencyFlow:OpsKey 'letmein' must be at least 32 characters")]
    [InlineData("WebhookKey=", "EmergencyFlow:WebhookKey '' must be at least 32 characters")]
    [InlineData("CallbackFallbackTarget=reception", "EmergencyFlow:CallbackFallbackTarget 'reception' is neither an E.164 number")]
    public void A_bad_setting_stops_the_build_with_one_line_naming_it_and_nothing_written(string setting, string expected)
    {
        var failure = Should.Throw<OptionsValidationException>(() => LocalHostApp.Build(HostArgs("--EmergencyFlow:" + setting)));

        failure.Message.ShouldContain(expected);
        failure.Message.ShouldNotContain('\n');
        Directory.Exists(DataDirectory).ShouldBeFalse("nothing is created for a host that does not start");
    }

    [Fact]
    public async Task A_bad_setting_on_the_command_line_exits_non_zero_with_one_line_on_stderr()
    {
        var (exitCode, output, error) = await InvokeAsync(LocalHostCommand.Create(), "--data-directory", DataDirectory, "--EmergencyFlow:SenderAddress=notanemail");

        exitCode.ShouldBe(1);
        error.TrimEnd().ShouldBe("EmergencyFlow local host did not start: EmergencyFlow:SenderAddress 'notanemail' is not an email address");
        output.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_second_host_on_the_same_data_directory_exits_non_zero_with_one_line_naming_it()
    {
        await using var first = await TestHost.StartAsync(DataDirectory);

        var (exitCode, output, error) = await InvokeAsync(LocalHostCommand.Create(), "--urls", "http://127.0.0.1:0", "--data-directory", DataDirectory);

        exitCode.ShouldBe(1);
        error.TrimEnd().ShouldStartWith($"EmergencyFlow local host did not start: The database '{Path.Combine(DataDirectory, "app.db")}' is in use by another process");
        error.TrimEnd().ShouldNotContain('\n');
        output.ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_lists_the_options_the_settings_pass_through_and_the_demo_and_runs_nothing()
    {
        var runs = new Runs();

        var (exitCode, output, _) = await InvokeAsync(runs.Command(), "--help");

        exitCode.ShouldBe(0);
        output.ShouldContain("--urls <url>");
        output.ShouldContain("--data-directory <path>");
        output.ShouldContain("--Section:Name=value");
        output.ShouldContain("demo");
        runs.Host.ShouldBeNull();
        runs.Demo.ShouldBeNull();
    }

    [Fact]
    public async Task Demo_help_lists_its_speed_and_settings()
    {
        var (exitCode, output, _) = await InvokeAsync(new Runs().Command(), "demo", "--help");

        exitCode.ShouldBe(0);
        output.ShouldContain("--speed <factor>");
        output.ShouldContain("--Section:Name=value");
    }

    [Theory]
    [InlineData("--bogus", "Unknown option '--bogus'")]
    [InlineData("--url=http://127.0.0.1:1", "Unknown option '--url=http://127.0.0.1:1'")]
    [InlineData("--EmergencyFlow:SenderAdress=a@contoso.com", "Unknown setting 'EmergencyFlow:SenderAdress'")]
    [InlineData("--EmergencyFlow:DataDirectory", "Setting 'EmergencyFlow:DataDirectory' has no value")]
    [InlineData("serve", "Unexpected argument 'serve'")]
    public async Task An_unknown_option_is_an_error_that_names_it_and_runs_nothing(string argument, string expected)
    {
        var runs = new Runs();

        var (exitCode, output, error) = await InvokeAsync(runs.Command(), argument);

        exitCode.ShouldNotBe(0);
        error.ShouldContain(expected);
        output.ShouldNotContain("Usage:", Case.Sensitive, "the error is not buried under the whole usage");
        runs.Host.ShouldBeNull();
    }

    [Fact]
    public async Task Options_and_settings_reach_the_host_as_configuration_with_explicit_settings_last()
    {
        var runs = new Runs();

        var (exitCode, _, _) = await InvokeAsync(runs.Command(),
            "--urls", "http://127.0.0.1:9001", "--data-directory", "/srv/ef", "--EmergencyFlow:SenderAddress=alerts@contoso.com", "--Logging:LogLevel:Default", "Warning");

        exitCode.ShouldBe(0);
        runs.Host.ShouldBe(["--urls", "http://127.0.0.1:9001", "--EmergencyFlow:DataDirectory=/srv/ef", "--EmergencyFlow:SenderAddress=alerts@contoso.com", "--Logging:LogLevel:Default", "Warning"]);
    }

    [Fact]
    public async Task Demo_is_a_subcommand_with_its_speed_and_settings()
    {
        var runs = new Runs();

        var (exitCode, _, _) = await InvokeAsync(runs.Command(), "--EmergencyFlow:SenderName=Demo", "demo", "--speed", "120", "--EmergencyFlow:NotifyOnTestCalls=true");

        exitCode.ShouldBe(0);
        runs.Host.ShouldBeNull();
        runs.Demo.ShouldNotBeNull();
        runs.Demo.Speed.ShouldBe(120);
        runs.Demo.HostSettings.ShouldBe(["--EmergencyFlow:SenderName=Demo", "--EmergencyFlow:NotifyOnTestCalls=true"]);
    }

    [Fact]
    public async Task A_demo_speed_out_of_range_is_an_error()
    {
        var runs = new Runs();

        var (exitCode, _, error) = await InvokeAsync(runs.Command(), "demo", "--speed", "0");

        exitCode.ShouldNotBe(0);
        error.ShouldContain("--speed must be between 1 and 3600");
        runs.Demo.ShouldBeNull();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] HostArgs(params string[] settings) =>
        ["--urls", "http://127.0.0.1:0", "--EmergencyFlow:DataDirectory=" + DataDirectory, .. settings];

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(RootCommand command, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await LocalHostCommand.InvokeAsync(command, args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Records what the host and the demo would have been given, instead of running them.</summary>
    private sealed class Runs
    {
        public string[]? Host { get; private set; }

        public DemoSettings? Demo { get; private set; }

        public RootCommand Command() => LocalHostCommand.Create(
            (args, _) =>
            {
                Host = args;
                return Task.FromResult(0);
            },
            (settings, _) =>
            {
                Demo = settings;
                return Task.FromResult(0);
            });
    }
}
