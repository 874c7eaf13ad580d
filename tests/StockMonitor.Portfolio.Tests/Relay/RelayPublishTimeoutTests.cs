using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Relay;
using StockMonitor.Testing;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// A publish that never ends and ignores its cancellation (as after a broker crash) fails its page after
/// <c>Portfolio:RelayPublishTimeout</c>: the page is retried and the relay goes on, instead of hanging for good.
/// </summary>
public sealed class RelayPublishTimeoutTests
{
    [Fact]
    public async Task When_a_publish_never_ends_then_the_page_times_out_and_is_published_on_retry()
    {
        // Arrange: the relay's first TradeRecorded publish hangs; the relay waits one second for a page's confirms.
        var stuck = new StuckPublishes<TradeRecorded>(1);
        var host = new RelayHost(
            services => services.AddSingleton(sp => ActivatorUtilities.CreateInstance<BusRelay>(sp, stuck.Around(sp.GetRequiredService<IBus>()))),
            settings: new Dictionary<string, string> { ["Portfolio:RelayPublishTimeout"] = "00:00:01" });
        await host.InitializeAsync();
        try
        {
            var id = await host.Api.OpenAsync();
            var executedAt = new DateTimeOffset(2026, 2, 5, 15, 0, 0, TimeSpan.Zero);
            await host.Api.DepositAsync(id, 1_000m, executedAt.AddDays(-1));

            // Act
            var version = await host.Api.TradeAsync(id, "buy", "CSCO", 3m, 50m, 0m, executedAt);

            // Assert: published by the retry (the daemon restarts a paused subscription after about 5 s), progress committed past it.
            var (trade, messageId) = Assert.Single(await Published.WaitForAsync<TradeRecorded>(host.Bus, t => t.PortfolioId == id, "the trade after the stuck publish was given up", TimeSpan.FromSeconds(60)));
            Assert.Equal(("CSCO", version), (trade.Symbol, trade.Version));
            Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.TradeRecordedKind, id, version), messageId);
            Assert.Equal(1, stuck.Swallowed);
            var sequence = await RelayProgress.SequenceOfAsync(host.Database, id, version);
            await Eventually.HoldsAsync(async () => await RelayProgress.CommittedAsync(host.Database) >= sequence, "the relay to commit its progress past the trade");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
