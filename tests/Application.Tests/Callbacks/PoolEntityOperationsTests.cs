using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Application.Callbacks;

namespace EmergencyFlow.Application.Tests.Callbacks;

public class PoolEntityOperationsTests
{
    [Fact]
    public void The_pool_entity_seeds_the_configured_numbers_once()
    {
        var state = new PoolEntityState();
        PoolEntityOperations.EnsureSeeded(state, ["+14255550101"]);
        PoolEntityOperations.Apply(state, pool => CallbackPool.RemoveNumbers(pool, ["+14255550101"], DateTimeOffset.UnixEpoch));

        PoolEntityOperations.EnsureSeeded(state, ["+14255550101"]);

        state.Pool.Numbers.ShouldBeEmpty();
        state.Seeded.ShouldBeTrue();
    }

    [Fact]
    public void Invalid_configured_pool_numbers_stop_the_entity_with_the_reason() =>
        Should.Throw<InvalidOperationException>(() => PoolEntityOperations.EnsureSeeded(new PoolEntityState(), ["555-0101"]))
            .Message.ShouldContain("E.164");
}
