using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>A publication that fails makes the relay retry its page: the event is published late, never skipped.</summary>
public sealed class PublishFailureTests
{
    [Fact]
    public async Task When_publishing_fails_then_the_page_is_retried_until_the_message_is_published()
    {
        const int Failures = 2;
        var refusal = new BrokerRefusal(Failures);
        var host = new RelayHost(services => services.AddPublishObserver(_ => refusal));
        await host.InitializeAsync();
        try
        {
            var id = await host.Api.OpenAsync();
            var executedAt = new DateTimeOffset(2026, 2, 2, 15, 0, 0, TimeSpan.Zero);
            await host.Api.DepositAsync(id, 1_000m, executedAt.AddDays(-1));

            var version = await host.Api.TradeAsync(id, "buy", "ORCL", 2m, 120m, 0m, executedAt);

            // The daemon restarts a paused subscription after its health check interval (5 s): allow for two pauses.
            var (trade, messageId) = Assert.Single(await Published.WaitForAsync<TradeRecorded>(host.Bus, t => t.PortfolioId == id, "the trade after two failed publications", TimeSpan.FromSeconds(90)));
            Assert.Equal(("ORCL", version), (trade.Symbol, trade.Version));
            Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.TradeRecordedKind, id, version), messageId);
            Assert.Equal(Failures + 1, refusal.Attempts);
            await Published.WaitForAsync<PortfolioSymbolsChanged>(host.Bus, s => s.PortfolioId == id && s.Version == version, "the symbol set of the retried page");
            // Whatever went out more than once (before the page failed) went out under the same id with the same content.
            Assert.All(
                host.Bus.ReceivedWithIds<PortfolioSymbolsChanged>().GroupBy(s => s.MessageId),
                g => Assert.Single(g.Select(s => (s.Message.PortfolioId, s.Message.Version, string.Join(',', s.Message.Symbols))).Distinct()));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
