using EmergencyFlow.Engine.Sqlite.Tests.Support;
using EmergencyFlow.Sqlite;

namespace EmergencyFlow.Engine.Sqlite.Tests;

/// <summary>One host per database file.</summary>
public sealed class HostLockTests
{
    [Fact]
    public async Task A_second_provider_on_a_file_in_use_is_refused_with_the_file_named()
    {
        await using var first = new ProviderHost();

        var refused = Should.Throw<DatabaseInUseException>(() => new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = first.DatabasePath }));

        refused.Message.ShouldContain(first.DatabasePath);
    }

    [Fact]
    public async Task A_file_is_free_for_the_next_host_once_the_first_is_disposed()
    {
        await using var first = new ProviderHost();
        await first.StopAsync();

        await using var second = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = first.DatabasePath });

        second.DatabasePath.ShouldBe(first.DatabasePath);
    }
}
