using System.Text.RegularExpressions;

namespace EmergencyFlow.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed partial class MainTemplateTests(BicepRun run)
{
    [Fact]
    public void Main_outputs_are_upper_snake_case_so_azd_turns_them_into_environment_variables()
    {
        var outputs = run.Compiled("main.bicep").ShouldNotBeNull()["outputs"].ShouldNotBeNull().AsObject();

        outputs.Count.ShouldBeGreaterThan(0);
        outputs.Select(o => o.Key).Where(name => !UpperSnake().IsMatch(name)).ShouldBeEmpty();
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")]
    private static partial Regex UpperSnake();
}
