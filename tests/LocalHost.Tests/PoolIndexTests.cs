using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Durable;
using EmergencyFlow.LocalHost.Storage;
using Microsoft.Data.Sqlite;

namespace EmergencyFlow.LocalHost.Tests;

/// <summary>The store decides a lifecycle's pool command on a few indexed numbers: it must decide exactly as the domain does on the whole pool.</summary>
public sealed class PoolIndexTests : IDisposable
{
    private readonly string _data = TestHost.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Leases_extensions_and_releases_through_the_index_give_the_domains_results_and_pool_also_after_a_restart()
    {
        var file = Path.Combine(_data, "emergencyflow.db");
        var numbers = Enumerable.Range(0, 12).Select(i => $"+1425555{i:D4}").ToList();
        var expected = CallbackPool.AddNumbers(CallbackPoolState.Empty, numbers).Item1;
        var db = new SqliteDatabase(file);
        var store = new SqliteDurableStore(db);
        await store.UpdatePoolAsync(pool => CallbackPool.AddNumbers(pool, numbers));
        var memory = new InMemoryDurableStore();
        await memory.UpdatePoolAsync(pool => CallbackPool.AddNumbers(pool, numbers));

        // A fixed walk through repeat calls, extensions, releases, expiries and exhaustion (16 agents, 12 numbers).
        var now = TestHost.T0;
        for (var step = 0; step < 400; step++)
        {
            now = now.AddMinutes(step % 7);
            var agent = $"agent-{(step * 7) % 16}";
            var lease = $"emergency-{(step * 5) % 40}";
            PoolCommand command = (step % 5) switch
            {
                0 or 1 => new PoolCommand.Lease(new LeaseRequest(agent, "8:acs:" + agent, lease, now, now.AddMinutes(30 + (step % 50)))),
                2 => new PoolCommand.Extend(new ExtendRequest(lease, now.AddMinutes(step % 90), now)),
                3 => new PoolCommand.Release(new ReleaseRequest(lease, now)),
                _ => new PoolCommand.ReleaseNumber(numbers[step % numbers.Count]),
            };

            var (next, result) = CallbackPool.Decide(expected, command, now);
            var actual = await store.ApplyPoolAsync(command, now);

            DurableJson.Serialize(actual).ShouldBe(DurableJson.Serialize(result), $"step {step}: {command}");
            expected = next;
            DurableJson.Serialize(await store.GetPoolAsync()).ShouldBe(DurableJson.Serialize(expected), $"step {step}: {command}");
            await memory.ApplyPoolAsync(command, now);
            foreach (var number in expected.Numbers)
            {
                // Routing's lookup by number, in both stores, decides as the domain does on the whole pool.
                DurableJson.Serialize(await store.FindPoolNumberAsync(number.Number)).ShouldBe(DurableJson.Serialize(number), $"step {step}: {command}");
                DurableJson.Serialize(await memory.FindPoolNumberAsync(number.Number)).ShouldBe(DurableJson.Serialize(number), $"step {step}: {command}");
                CallbackPool.Route(number.Number, await store.FindPoolNumberAsync(number.Number), now)
                    .ShouldBe(CallbackPool.Route(expected, "4:" + number.Number, now));
            }
        }

        db.Dispose();
        SqliteConnection.ClearAllPools();
        using var restarted = new SqliteDatabase(file);
        DurableJson.Serialize(await new SqliteDurableStore(restarted).GetPoolAsync()).ShouldBe(DurableJson.Serialize(expected));
    }
}
