using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Application.Settings;

/// <summary>Registers a settings type the way both hosts do.</summary>
public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from section <see cref="EmergencyFlowOptions.Section"/> with
    /// <see cref="SettingsValidator.Bind{T}"/> and checks it with <see cref="SettingsValidator{T}"/> when the host starts.
    /// </summary>
    public static IServiceCollection AddEmergencyFlowSettings<T>(this IServiceCollection services, IConfiguration configuration)
        where T : class
    {
        services.AddOptions<T>().Configure(o => SettingsValidator.Bind(configuration, o)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, SettingsValidator<T>>();
        return services;
    }
}
