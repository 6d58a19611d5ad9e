using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.LocalHost;

/// <summary>
/// Reads and checks the local host's settings. Every failure names the setting as it is written in
/// configuration (<c>EmergencyFlow:SenderAddress</c>), so one line tells the operator what to fix.
/// </summary>
public sealed class LocalOptionsValidator : IValidateOptions<LocalOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(results.Select(r => Describe(options, r)));
    }

    /// <summary>
    /// Binds section <see cref="LocalOptions.Section"/> and validates it. Throws
    /// <see cref="OptionsValidationException"/> (its message is one line) when a value cannot be
    /// converted or breaks a rule. Validation happens here rather than at ValidateOnStart because the
    /// host uses the options while it is built (keys file, pool seeding), before it starts.
    /// </summary>
    public static LocalOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LocalOptions.Section);
        LocalOptions options;
        try
        {
            options = section.Get<LocalOptions>() ?? new LocalOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own message carries a stack of inner exceptions; say which value is wrong instead.
            throw new OptionsValidationException(Options.DefaultName, typeof(LocalOptions), [Unconvertible(section) ?? ex.Message]);
        }

        var result = new LocalOptionsValidator().Validate(Options.DefaultName, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(LocalOptions), result.Failures) : options;
    }

    private static string Describe(LocalOptions options, ValidationResult result)
    {
        var member = result.MemberNames.FirstOrDefault() ?? string.Empty;
        var value = typeof(LocalOptions).GetProperty(member)?.GetValue(options);
        var shown = value is null or string[] ? string.Empty : $" '{value}'";
        return $"{LocalOptions.Section}:{member}{shown} {result.ErrorMessage}";
    }

    private static string? Unconvertible(IConfigurationSection section)
    {
        foreach (var property in typeof(LocalOptions).GetProperties().Where(p => p.CanWrite && !p.PropertyType.IsArray))
        {
            try
            {
                section.GetValue(property.PropertyType, property.Name);
            }
            catch (InvalidOperationException)
            {
                var expected = Type.GetTypeCode(property.PropertyType) switch
                {
                    TypeCode.Int32 => "a whole number",
                    TypeCode.Double => "a number",
                    TypeCode.Boolean => "true or false",
                    _ => property.PropertyType.Name,
                };
                return $"{LocalOptions.Section}:{property.Name} '{section[property.Name]}' is not {expected}";
            }
        }

        return null;
    }
}
