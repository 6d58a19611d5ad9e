using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace EmergencyFlow.Functions.Tests;

public sealed class EmailDomainWarningTests
{
    [Theory]
    [InlineData("AzureManaged", 1)]
    [InlineData("Custom", 0)]
    public async Task An_Azure_managed_email_domain_is_a_warning_at_start_up(string kind, int warnings)
    {
        var logger = new FakeLogger<EmailDomainWarning>();

        await new EmailDomainWarning(Options.Create(new FunctionsOptions { EmailDomainKind = kind }), logger).StartAsync(CancellationToken.None);

        logger.Collector.GetSnapshot().Count(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("Azure-managed", StringComparison.Ordinal))
            .ShouldBe(warnings);
    }
}
