using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmergencyFlow.Application.Logging;

/// <summary>Applies <see cref="MaskingLoggerProvider"/> to every logger provider of a host.</summary>
public static class PersonalDataLoggingExtensions
{
    /// <summary>
    /// Wraps every logger provider registered so far (call it last, once all providers are added): the console,
    /// the Functions worker's, OpenTelemetry's, a test's — each gets only masked, escaped records.
    /// </summary>
    public static IServiceCollection MaskPersonalDataInLogs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(ILoggerProvider) || descriptor.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Singleton<ILoggerProvider>(sp => new MaskingLoggerProvider(Create(sp, descriptor)));
        }

        return services;
    }

    private static ILoggerProvider Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as ILoggerProvider
        ?? descriptor.ImplementationFactory?.Invoke(services) as ILoggerProvider
        ?? (ILoggerProvider)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
