using Marten;
using Microsoft.Extensions.Options;
using StockMonitor.Auth;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Alerting;
using StockMonitor.Portfolio.MovingCash;
using StockMonitor.Portfolio.OpeningPortfolios;
using StockMonitor.Portfolio.RecordingTrades;
using StockMonitor.Portfolio.Valuation;
using StockMonitor.Portfolio.Watching;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Demo;

/// <summary>
/// Creates the demo portfolio once, through the same decisions as the API: 100,000 USD deposited, shares of four
/// simulated symbols bought at their live prices, TSLA watched, and a move alert on AAPL. Does nothing when the
/// portfolio exists (re-running <c>up</c> is safe).
/// </summary>
public sealed partial class DemoPortfolioSeeder(
    IDocumentStore store,
    LivePrices prices,
    TimeProvider time,
    IOptions<DemoPortfolioOptions> options,
    ILogger<DemoPortfolioSeeder> logger) : BackgroundService
{
    private static readonly (string Symbol, decimal Quantity)[] Purchases = [("AAPL", 50m), ("MSFT", 30m), ("NVDA", 40m), ("JPM", 25m)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var id = DemoPortfolioOptions.PortfolioId;
        await using (var query = store.QuerySession())
        {
            if (await query.Events.FetchStreamStateAsync(id, stoppingToken) is not null)
            {
                LogExists(id);
                return;
            }
        }

        var deadline = time.GetUtcNow() + options.Value.PriceWait;
        while (Purchases.Any(p => prices.Get(p.Symbol) is null) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
        }

        var now = time.GetUtcNow();
        var opened = OpenPortfolioDecision.Handle(new OpenPortfolio(id, "Demo", LocalTokens.DemoSubject, "USD"), now);
        var state = PortfolioState.Start(opened);
        var events = new List<object> { opened };
        void Take(IReadOnlyList<object> decided)
        {
            events.AddRange(decided);
            state = decided.Aggregate(state, (s, e) => s.After(e));
        }

        Take(CashDecision.Handle(state, new DepositCash(100_000m, now)));
        foreach (var (symbol, quantity) in Purchases)
        {
            if (prices.Get(symbol) is { } price)
            {
                Take(RecordTradeDecision.Handle(state, new RecordTrade(symbol, TradeSide.Buy, quantity, price.Price, 1m, now)));
            }
            else
            {
                LogNoPrice(symbol);
            }
        }

        Take(WatchlistDecision.Watch(state, "TSLA", now));
        Take(AlertRuleDecision.Add(state, new AddAlertRule(Guid.CreateVersion7(), "AAPL", AlertConditions.Move, 0.5m, 5, 15), now));

        await using var session = store.LightweightSession();
        PortfolioSnapshots.StartStream(session, id, events);
        await session.SaveChangesAsync(stoppingToken);
        LogSeeded(id, events.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo portfolio {PortfolioId} exists; not seeding")]
    private partial void LogExists(Guid portfolioId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No live price for {Symbol} yet; the demo portfolio does not buy it")]
    private partial void LogNoPrice(string symbol);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo portfolio {PortfolioId} with {Count} events")]
    private partial void LogSeeded(Guid portfolioId, int count);
}
