using EmergencyFlow.Domain.Callbacks;
using EmergencyFlow.Domain.Lifecycle;
using EmergencyFlow.Hosting.Events;

namespace EmergencyFlow.Conformance.Tests;

/// <summary>One host's adapters, driven through the shared event handler exactly as its webhook drives them.</summary>
public interface IHostUnderTest : IAsyncDisposable
{
    /// <summary>The host's current time (virtual locally, the wall clock on the Durable Task test host).</summary>
    DateTimeOffset Now { get; }

    /// <summary>Hands a webhook body to the host's event handler.</summary>
    Task<DeliveryOutcome> DeliverAsync(string body);

    /// <summary>The lifecycle's status once it has reached <paramref name="stage"/> (or later).</summary>
    Task<LifecycleStatus> WaitForStageAsync(string instanceId, LifecycleStage stage);

    /// <summary>Lets the callback window pass and the lifecycle finish; its final status.</summary>
    Task<LifecycleStatus> FinishAsync(string instanceId);

    /// <summary>Makes the pool exactly these numbers.</summary>
    Task SetPoolAsync(params string[] numbers);

    /// <summary>The pool as the host's routing reads it.</summary>
    Task<CallbackPoolState> PoolAsync();

    /// <summary>Alerts raised so far.</summary>
    IReadOnlyList<AlertKind> Alerts { get; }

    /// <summary>Notification emails sent so far (one per lifecycle, to all contacts).</summary>
    int EmailsSent { get; }

    /// <summary>Calls redirected to an agent so far, as (agent identity).</summary>
    IReadOnlyList<string> Redirects { get; }

    /// <summary>Dead letters kept so far.</summary>
    int DeadLetters { get; }
}
