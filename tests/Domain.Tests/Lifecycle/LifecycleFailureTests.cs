using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Domain.Presence;

namespace EmergencyFlow.Domain.Tests.Lifecycle;

public class LifecycleFailureTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task When_the_lifecycle_fails_for_any_reason_operators_are_alerted_before_it_fails()
    {
        var port = new BrokenPoolPort();
        var call = new EmergencyCall(new CallKey("call-1", null), "agent-1", "8:acs:agent-1", "911", "US", "United States", false, T0, null);

        await Should.ThrowAsync<InvalidOperationException>(() =>
            EmergencyLifecycle.RunAsync(port, new LifecycleInput("emergency-call-1", call, LifecycleSettings.Default, null)));

        var alert = port.Alerts.ShouldHaveSingleItem();
        alert.Kind.ShouldBe(AlertKind.LifecycleFailed);
        alert.Message.ShouldContain("InvalidOperationException");
        alert.Message.ShouldNotContain("pool store is corrupt");
    }

    /// <summary>Steps succeed; the pool's store is broken.</summary>
    private sealed class BrokenPoolPort : ILifecyclePort
    {
        public List<OperatorAlert> Alerts { get; } = [];

        public DateTimeOffset UtcNow => T0;

        public Task<TResult> RunAsync<TInput, TResult>(Step<TInput, TResult> step, TInput input)
            where TInput : IStepInput
        {
            if (input is OperatorAlert alert)
            {
                Alerts.Add(alert);
                return Task.FromResult((TResult)(object)new StepDone());
            }

            return Task.FromResult((TResult)(object)new PresenceSnapshot("Available", "Available"));
        }

        public Task<CallEnd> WaitForCallEndAsync(DateTimeOffset deadline) => Task.FromResult(new CallEnd(T0, CallEndSource.Acs));

        public Task SleepUntilAsync(DateTimeOffset wakeAt) => Task.CompletedTask;

        public Task<TResult> CallPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input) =>
            throw new InvalidOperationException("pool store is corrupt");

        public Task SignalPoolAsync<TInput, TResult>(PoolOperation<TInput, TResult> operation, TInput input) => Task.CompletedTask;

        public void ReportStatus(LifecycleStatus status)
        {
        }
    }
}
