using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Application.Settings;

/// <summary>
/// Reads and checks a settings type of section <see cref="EmergencyFlowOptions.Section"/>, the same way on both
/// hosts: every failure names the setting as it is written in configuration
/// (<c>EmergencyFlow:SenderAddress 'x' is not an email address</c>), so one line tells the operator what to fix.
/// </summary>
/// <typeparam name="T">A settings type with data annotations.</typeparam>
public sealed class SettingsValidator<T> : IValidateOptions<T>
    where T : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(results.Select(r => SettingsValidator.Describe(options, r)));
    }
}

/// <summary>Binding and the messages of <see cref="SettingsValidator{T}"/>.</summary>
public static class SettingsValidator
{
    /// <summary>
    /// Binds section <see cref="EmergencyFlowOptions.Section"/> to <typeparamref name="T"/> and validates it. Throws
    /// <see cref="OptionsValidationException"/> (its message is one line) when a value cannot be converted or breaks
    /// a rule. A host that needs a setting while it is built (before ValidateOnStart runs) reads it here.
    /// </summary>
    public static T Read<T>(IConfiguration configuration)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new T();
        Bind(configuration, options);
        var result = new SettingsValidator<T>().Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : options;
    }

    /// <summary>
    /// Binds the section onto <paramref name="options"/>. A value that cannot be converted is refused naming the
    /// setting; a list setting given as one comma-separated string (an Azure app setting) is split.
    /// </summary>
    public static void Bind<T>(IConfiguration configuration, T options)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(EmergencyFlowOptions.Section);
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own message carries a stack of inner exceptions; say which value is wrong instead.
            throw new OptionsValidationException(Options.DefaultName, typeof(T), [Unconvertible<T>(section) ?? ex.Message]);
        }

        foreach (var property in typeof(T).GetProperties().Where(p => p.CanWrite && p.PropertyType == typeof(string[])))
        {
            if (section[property.Name] is { Length: > 0 } joined)
            {
                property.SetValue(options, joined.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }

    /// <summary>The names every settings type of a host accepts under the section; anything else is a misspelling.</summary>
    public static IReadOnlySet<string> KnownNames(params Type[] settingsTypes) =>
        settingsTypes.SelectMany(t => t.GetProperties()).Where(p => p.CanWrite).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    internal static string Describe(object options, ValidationResult result)
    {
        var member = result.MemberNames.FirstOrDefault() ?? string.Empty;
        var value = options.GetType().GetProperty(member)?.GetValue(options);
        var shown = value is null or Array ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" '{value}'");
        return $"{EmergencyFlowOptions.Section}:{member}{shown} {result.ErrorMessage}";
    }

    private static string? Unconvertible<T>(IConfigurationSection section)
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanWrite && !p.PropertyType.IsArray))
        {
            try
            {
                section.GetValue(property.PropertyType, property.Name);
            }
            catch (InvalidOperationException)
            {
                var expected = Type.GetTypeCode(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) switch
                {
                    TypeCode.Int32 => "a whole number",
                    TypeCode.Double => "a number",
                    TypeCode.Boolean => "true or false",
                    _ => property.PropertyType.Name,
                };
                return $"{EmergencyFlowOptions.Section}:{property.Name} '{section[property.Name]}' is not {expected}";
            }
        }

        return null;
    }
}
