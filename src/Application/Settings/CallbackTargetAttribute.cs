using System.ComponentModel.DataAnnotations;
using EmergencyFlow.Domain.Callbacks;

namespace EmergencyFlow.Application.Settings;

/// <summary>A callback can be redirected to a phone number (E.164) or to an ACS or Teams identity (<c>8:…</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CallbackTargetAttribute : ValidationAttribute
{
    /// <summary>The target as an ACS raw id: <c>4:+14255550100</c> for a number, an <c>8:…</c> identity as it is; null when empty or unreadable.</summary>
    public static string? ToRawId(string? target)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            return null;
        }

        var trimmed = target.Trim();
        return trimmed.StartsWith("8:", StringComparison.Ordinal) && trimmed.Length > 2
            ? trimmed
            : PhoneNumber.ToE164(trimmed.StartsWith("4:", StringComparison.Ordinal) ? trimmed[2..] : trimmed) is { } e164 ? "4:" + e164 : null;
    }

    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        return value is not string text || string.IsNullOrWhiteSpace(text) || ToRawId(text) is not null
            ? ValidationResult.Success
            : new ValidationResult("is neither an E.164 number (+14255550100) nor an ACS identity (8:acs:…)", [validationContext.MemberName!]);
    }
}
