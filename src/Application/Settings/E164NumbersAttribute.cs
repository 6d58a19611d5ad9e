using System.ComponentModel.DataAnnotations;
using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Application.Settings;

/// <summary>Every entry is an E.164 number, as the callback pool reads it (<see cref="PhoneNumber.ToE164"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class E164NumbersAttribute : ValidationAttribute
{
    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var bad = (value as IEnumerable<string?> ?? []).Where(n => PhoneNumber.ToE164(n) is null).ToList();
        return bad.Count == 0
            ? ValidationResult.Success
            : new ValidationResult($"is not E.164 (a '+' then 8 to 15 digits): {string.Join(", ", bad.Select(n => $"'{n}'"))}", [validationContext.MemberName!]);
    }
}
