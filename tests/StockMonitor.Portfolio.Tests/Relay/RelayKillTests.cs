using StockMonitor.Aws;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Testing;
using Xunit.Abstractions;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// The issue's requirement: the service killed between append and publish publishes the event after a restart. The
/// service runs as a real process (killed with SIGKILL, nothing runs on the way out) on one database and bus prefix.
/// </summary>
public sealed class RelayKillTests(ITestOutputHelper output)
{
    private const string Area = "portfolio";
    private const string Project = "StockMonitor.Portfolio";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task When_the_service_is_killed_between_append_and_publish_then_the_event_is_published_after_restart()
    {
        var infra = await TestInfrastructure.GetAsync();
        var database = await infra.CreateDatabaseAsync();
        var prefix = TestInfrastructure.UniqueName("pfk");
        await using var bus = await TestBus.StartInOrderAsync(infra.Servers.RabbitMq, prefix, typeof(TradeRecorded), typeof(PortfolioSymbolsChanged));
        var settings = infra.SettingsFor(new AwsResources(), prefix, database);
        // Prices play no part here: no pricing (valuations use the trade prices).
        settings["PricingApi:BaseUrl"] = PricingStandIn.Nowhere.ToString();
        var executedAt = new DateTimeOffset(2026, 3, 2, 14, 45, 0, TimeSpan.Zero);

        // 1. Appended with the relay off: the events are in the log, nothing is on the bus, and the process dies.
        settings["Relay:Enabled"] = "false";
        Guid id;
        long tradeVersion;
        await using (var appending = await StartAsync(settings, "portfolio without relay"))
        {
            var api = Client(appending, out var http);
            using (http)
            {
                id = await api.OpenAsync();
                await api.DepositAsync(id, 5_000m, executedAt.AddDays(-1));
                tradeVersion = await api.TradeAsync(id, "buy", "KO", 40m, 62.5m, 1m, executedAt);
            }

            Assert.Null(await RelayProgress.CommittedAsync(database));
            Assert.Equal(0, bus.Count<TradeRecorded>());
            Assert.Equal(0, bus.Count<PortfolioSymbolsChanged>());
            appending.Kill();
        }

        // 2. Restarted with the relay on: it publishes exactly the event that was appended, and commits its progress.
        settings["Relay:Enabled"] = "true";
        var tradeSequence = await RelayProgress.SequenceOfAsync(database, id, tradeVersion);
        await using (var relaying = await StartAsync(settings, "portfolio with relay"))
        {
            var (trade, messageId) = Assert.Single(await Published.WaitForAsync<TradeRecorded>(bus, t => t.PortfolioId == id, "the trade appended before the kill", Patience));
            Assert.Equal(
                (id, "KO", TradeSides.Buy, 40m, 62.5m, 1m, executedAt, tradeVersion),
                (trade.PortfolioId, trade.Symbol, trade.Side, trade.Quantity, trade.Price, trade.Fees, trade.ExecutedAt, trade.Version));
            Assert.Equal(PortfolioMessageId.For(PortfolioMessageId.TradeRecordedKind, id, tradeVersion), messageId);
            await Published.WaitForAsync<PortfolioSymbolsChanged>(bus, s => s.PortfolioId == id && s.Version == tradeVersion && s.Symbols.SequenceEqual(["KO"]), "the symbol set with KO", Patience);
            await Eventually.HoldsAsync(async () => await RelayProgress.CommittedAsync(database) >= tradeSequence, "the relay to commit its progress past the trade", Patience);
            relaying.Kill();
        }

        var symbolSetsBefore = bus.Count<PortfolioSymbolsChanged>();

        // 3. Killed after the commit and restarted: nothing already committed is published again. A newer event goes
        //    out behind anything that would have been (the test bus records in queue order).
        await using (var again = await StartAsync(settings, "portfolio restarted"))
        {
            var api = Client(again, out var http);
            using (http)
            {
                var watched = await api.WatchAsync(id, "PEP");
                await Published.WaitForAsync<PortfolioSymbolsChanged>(bus, s => s.PortfolioId == id && s.Version == watched, "the set after the watch", Patience);
            }

            var symbolSets = bus.ReceivedWithIds<PortfolioSymbolsChanged>();
            output.WriteLine($"Symbol sets published: {string.Join("; ", symbolSets.Select(s => $"v{s.Message.Version} [{string.Join(',', s.Message.Symbols)}] {s.MessageId}"))}");
            Assert.Single(bus.Received<TradeRecorded>());
            Assert.Equal(symbolSetsBefore + 1, symbolSets.Count);
        }
    }

    private async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string name)
    {
        try
        {
            return await ServiceProcess.StartAsync(Area, Project, settings, name);
        }
        catch (TimeoutException ex)
        {
            output.WriteLine(ex.Message);
            throw;
        }
    }

    private static PortfolioClient Client(ServiceProcess service, out HttpClient http)
    {
        http = PortfolioClient.Authorized(new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) });
        return new PortfolioClient(http);
    }
}
