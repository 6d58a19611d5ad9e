using EmergencyFlow.Application.Callbacks;

namespace EmergencyFlow.LocalHost.Adapters;

/// <summary>
/// The local host has no telephony: where ACS Call Automation redirects a ringing callback in Azure,
/// nothing rings here. The decision and its target are in the routing view and the timeline
/// (<see cref="Events.LocalEventHost"/>).
/// </summary>
public sealed class NoTelephony : ICallRedirector
{
    /// <inheritdoc />
    public Task RedirectAsync(CallRedirect redirect, CancellationToken cancellationToken) => Task.CompletedTask;
}
