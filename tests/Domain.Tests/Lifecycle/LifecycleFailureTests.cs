using EmergencyFlow.Domain.Lifecycle;

namespace EmergencyFlow.Domain.Tests.Lifecycle;

public class LifecycleFailureTests
{
    [Fact]
    public void The_failure_alert_tells_operators_what_to_check_and_carries_no_personal_data()
    {
        var alert = EmergencyLifecycle.FailureAlert("emergency-call-1", new InvalidOperationException("agent +14255550123 jane@contoso.com"));

        alert.Kind.ShouldBe(AlertKind.LifecycleFailed);
        alert.InstanceId.ShouldBe("emergency-call-1");
        alert.Message.ShouldContain("InvalidOperationException");
        alert.Message.ShouldContain("presence");
        alert.Message.ShouldNotContain("+14255550123");
        alert.Message.ShouldNotContain("jane@contoso.com");
    }

    [Fact]
    public void A_repeated_failure_of_the_same_lifecycle_raises_one_alert()
    {
        var first = EmergencyLifecycle.FailureAlert("emergency-call-1", new InvalidOperationException());
        var again = EmergencyLifecycle.FailureAlert("emergency-call-1", new TimeoutException());

        again.IdempotencyKey.ShouldBe(first.IdempotencyKey);
    }
}
