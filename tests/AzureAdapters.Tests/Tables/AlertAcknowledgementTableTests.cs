using Azure.Data.Tables;
using EmergencyFlow.Application.Ops;
using EmergencyFlow.AzureAdapters.Tables;

namespace EmergencyFlow.AzureAdapters.Tests.Tables;

/// <summary>
/// In Azure, acknowledgements live in the app's table (on an Azurite these tests start): durable, the first one
/// stands even when two supervisors acknowledge at once, listed by time, and purged with the rest by retention.
/// </summary>
public sealed class AlertAcknowledgementTableTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 19, 0, 0, TimeSpan.Zero);

    private TableStore Store() => new(new TableClient(azurite.ConnectionString, $"acks{Guid.NewGuid():N}"[..20]));

    [Fact]
    public async Task The_first_acknowledgement_of_an_alert_stands_even_when_two_arrive_at_once()
    {
        var store = Store();
        const string Alert = "emergency-call-1/pool-exhausted/638999999999999999";

        var both = await Task.WhenAll(
            store.AcknowledgeAsync(new AlertAcknowledgement(Alert, "Maria Santos", "first", T0), CancellationToken.None),
            store.AcknowledgeAsync(new AlertAcknowledgement(Alert, "Tom Berg", "second", T0.AddSeconds(1)), CancellationToken.None));

        both[0].ShouldBe(both[1]);
        var listed = (await store.ListAcknowledgementsAsync(T0.AddHours(-1), CancellationToken.None)).ShouldHaveSingleItem();
        listed.ShouldBe(both[0]);
        listed.AlertId.ShouldBe(Alert);
    }

    [Fact]
    public async Task Acknowledgements_are_listed_newest_first_from_a_time_and_go_with_retention()
    {
        var store = Store();
        await store.AcknowledgeAsync(new AlertAcknowledgement("a/pool-exhausted", "Maria", "old", T0.AddDays(-2)), CancellationToken.None);
        await store.AcknowledgeAsync(new AlertAcknowledgement("b/email-failed", "Tom", "", T0.AddMinutes(-5)), CancellationToken.None);
        await store.AcknowledgeAsync(new AlertAcknowledgement("c/email-bounced", "Ana", "called", T0.AddMinutes(-1)), CancellationToken.None);

        (await store.ListAcknowledgementsAsync(T0.AddHours(-24), CancellationToken.None)).Select(a => a.AlertId).ShouldBe(["c/email-bounced", "b/email-failed"]);

        // Retention judges by when a row was last written (the table's own timestamp): all of them were written just now.
        (await store.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None)).ShouldBe(0);
        (await store.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None)).ShouldBe(3);
        (await store.ListAcknowledgementsAsync(T0.AddDays(-30), CancellationToken.None)).ShouldBeEmpty();
    }
}
