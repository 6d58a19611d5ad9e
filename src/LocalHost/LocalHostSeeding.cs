using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// First-start data from configuration: agents, only while the directory is empty. (Pool numbers need
/// no seeding here: the pool entity takes EmergencyFlow:SeedPoolNumbers on its first operation, on both hosts.)
/// </summary>
internal static class LocalHostSeeding
{
    /// <summary>Fills an empty agents directory from the configured seed agents.</summary>
    public static void SeedAgents(LocalStore store, SeedAgent[] agents)
    {
        if (store.ListAgents().Count > 0)
        {
            return;
        }

        foreach (var agent in agents)
        {
            store.SaveAgent(new(agent.AgentId, agent.DisplayName, agent.AcsIdentity, agent.EmergencyContacts));
        }
    }
}
