using Microsoft.Extensions.Hosting;

namespace EmergencyFlow.Engine.Hosting;

/// <summary>Starts the engine with the host and stops it gracefully with the host (see <see cref="DurableEngine.StopAsync"/>).</summary>
internal sealed class DurableEngineHostedService(DurableEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => engine.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => engine.StopAsync(cancellationToken);
}
