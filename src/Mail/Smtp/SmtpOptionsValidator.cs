using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Mail.Smtp;

/// <summary>
/// Reads and checks the mail settings. Every failure names the setting as it is written in configuration
/// (<c>EmergencyFlow:Smtp:Port '0' must be between 1 and 65535</c>), so one line tells the operator what to fix;
/// the password's value never appears.
/// </summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    private const int MaxTimeoutSeconds = 600;
    private const string SecurityChoices = "must be StartTls, Tls or None";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Host) && !IsHost(options.Host.Trim()))
        {
            failures.Add($"{Key(nameof(SmtpOptions.Host))} '{options.Host}' must be a host name or an IP address, without a scheme or a port");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add(Invariant($"{Key(nameof(SmtpOptions.Port))} '{options.Port}' must be between 1 and 65535"));
        }

        if (!Enum.IsDefined(options.Security))
        {
            failures.Add(Invariant($"{Key(nameof(SmtpOptions.Security))} '{options.Security}' {SecurityChoices}"));
        }

        if (options.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            failures.Add(Invariant($"{Key(nameof(SmtpOptions.TimeoutSeconds))} '{options.TimeoutSeconds}' must be between 1 and {MaxTimeoutSeconds} seconds"));
        }

        var hasUser = !string.IsNullOrEmpty(options.UserName);
        var hasPassword = !string.IsNullOrEmpty(options.Password);
        if (hasUser && !hasPassword)
        {
            failures.Add($"{Key(nameof(SmtpOptions.Password))} is required when {Key(nameof(SmtpOptions.UserName))} is set");
        }
        else if (hasPassword && !hasUser)
        {
            failures.Add($"{Key(nameof(SmtpOptions.UserName))} is required when {Key(nameof(SmtpOptions.Password))} is set");
        }

        if ((hasUser || hasPassword) && options.Security == SmtpSecurity.None)
        {
            failures.Add($"{Key(nameof(SmtpOptions.Security))} 'None' would send the credentials in clear: use StartTls or Tls, or remove {Key(nameof(SmtpOptions.UserName))} and {Key(nameof(SmtpOptions.Password))}");
        }

        if (options.TrustedCertificateThumbprint is { } thumbprint && NormalizeThumbprint(thumbprint) is null)
        {
            failures.Add($"{Key(nameof(SmtpOptions.TrustedCertificateThumbprint))} must be the certificate's SHA-256 thumbprint (64 hex digits)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Chooses the transport and binds and validates <see cref="SmtpOptions.Section"/>. <c>EmergencyFlow:Mail</c>
    /// (<c>Outbox</c> or <c>Smtp</c>) decides when it is set; otherwise a configured <c>EmergencyFlow:Smtp:Host</c>
    /// selects SMTP and its absence the outbox. Throws <see cref="OptionsValidationException"/> (its message is one
    /// line) when a value cannot be converted or breaks a rule. Call it while the host is built, as the local host
    /// does with its own settings, so a bad value stops the host at start instead of failing the first emergency.
    /// </summary>
    public static MailSetup Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SmtpOptions.Section);
        SmtpOptions options;
        try
        {
            options = section.Get<SmtpOptions>() ?? new SmtpOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own message carries a stack of inner exceptions; say which value is wrong instead.
            throw Failure([Unconvertible(section) ?? ex.Message]);
        }

        var failures = new List<string>();
        var transport = ReadTransport(configuration[MailSetup.TransportKey], options, failures);
        if (transport == MailTransport.Smtp && string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"{Key(nameof(SmtpOptions.Host))} is required when {MailSetup.TransportKey} is 'Smtp'");
        }

        var result = new SmtpOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }

        if (failures.Count > 0)
        {
            throw Failure(failures);
        }

        options.Host = options.Host?.Trim();
        options.TrustedCertificateThumbprint = options.TrustedCertificateThumbprint is { } pin ? NormalizeThumbprint(pin) : null;
        return new MailSetup(transport, options);
    }

    /// <summary>Upper-case hex without separators, or null when it is not 32 bytes of hex.</summary>
    internal static string? NormalizeThumbprint(string thumbprint)
    {
        var hex = new string(thumbprint.Where(c => c is not (':' or ' ' or '-')).ToArray()).ToUpperInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }

    private static MailTransport ReadTransport(string? value, SmtpOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.IsNullOrWhiteSpace(options.Host) ? MailTransport.Outbox : MailTransport.Smtp;
        }

        foreach (var transport in Enum.GetValues<MailTransport>())
        {
            if (string.Equals(value.Trim(), transport.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return transport;
            }
        }

        failures.Add($"{MailSetup.TransportKey} '{value}' must be Outbox or Smtp");
        return MailTransport.Outbox;
    }

    private static string? Unconvertible(IConfigurationSection section)
    {
        foreach (var property in typeof(SmtpOptions).GetProperties().Where(p => p.CanWrite))
        {
            try
            {
                section.GetValue(property.PropertyType, property.Name);
            }
            catch (InvalidOperationException)
            {
                var expected = property.PropertyType == typeof(SmtpSecurity) ? SecurityChoices : "must be a whole number";
                return $"{Key(property.Name)} '{section[property.Name]}' {expected}";
            }
        }

        return null;
    }

    private static bool IsHost(string host) => IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;

    private static string Key(string property) => $"{SmtpOptions.Section}:{property}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static OptionsValidationException Failure(IEnumerable<string> failures) =>
        new(Options.DefaultName, typeof(SmtpOptions), failures);
}
