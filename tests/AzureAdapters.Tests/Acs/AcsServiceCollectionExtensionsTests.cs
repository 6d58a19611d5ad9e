using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using EmergencyFlow.AzureAdapters.Acs;
using EmergencyFlow.Application.Callbacks;

namespace EmergencyFlow.AzureAdapters.Tests.Acs;

public class AcsServiceCollectionExtensionsTests
{
    [Fact]
    public void The_host_gets_both_clients_and_the_redirect_port_from_one_registration()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TokenCredential>(new FakeCredential())
            .AddAcsRestClients(_ => new AcsOptions(FakeAcs.Endpoint, "emergency@notify.contoso.com"), sp => sp.GetRequiredService<TokenCredential>())
            .BuildServiceProvider();

        provider.GetRequiredService<AcsEmailClient>().ShouldNotBeNull();
        provider.GetRequiredService<ICallRedirector>().ShouldBeSameAs(provider.GetRequiredService<AcsCallAutomationClient>());
    }
}
