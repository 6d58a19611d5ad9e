using EmergencyFlow.Application.Settings;
using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Durable;
using EmergencyFlow.LocalHost.Storage;

namespace EmergencyFlow.LocalHost;

/// <summary>First-start data from configuration: agents (only while the directory is empty) and pool numbers.</summary>
internal static class LocalHostSeeding
{
    /// <summary>Fills an empty agents directory from the configured seed agents, and adds the configured pool numbers.</summary>
    public static void Seed(IServiceProvider services, EmergencyFlowOptions options, SeedAgent[] agents)
    {
        var store = services.GetRequiredService<LocalStore>();
        if (store.ListAgents().Count == 0)
        {
            foreach (var agent in agents)
            {
                store.SaveAgent(new(agent.AgentId, agent.DisplayName, agent.AcsIdentity, agent.EmergencyContacts));
            }
        }

        if (options.SeedPoolNumbers.Length > 0)
        {
            var change = services.GetRequiredService<IDurableStore>()
                .UpdatePoolAsync(pool => CallbackPool.AddNumbers(pool, options.SeedPoolNumbers)).GetAwaiter().GetResult();
            if (change.Rejected)
            {
                throw new InvalidOperationException($"EmergencyFlow:SeedPoolNumbers: {change.Reason}");
            }
        }
    }
}
