using Azure.Core;
using EmergencyFlow.Hosting.Acs;
using EmergencyFlow.Hosting.Callbacks;
using Microsoft.Extensions.DependencyInjection;

namespace EmergencyFlow.Hosting.Tests.Acs;

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
