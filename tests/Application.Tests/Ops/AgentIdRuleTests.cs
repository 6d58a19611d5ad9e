using EmergencyFlow.Application.Ops;

namespace EmergencyFlow.Application.Tests.Ops;

public class AgentIdRuleTests
{
    [Theory]
    [InlineData("agent-042", true)]
    [InlineData("ana.lima@contoso.com", true)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void Agent_ids_are_limited_to_characters_every_store_accepts(string id, bool valid) =>
        OpsIds.ProblemsWithAgentId(id).Count.ShouldBe(valid ? 0 : 1);
}
