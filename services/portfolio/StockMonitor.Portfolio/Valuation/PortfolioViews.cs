using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>Shapes a portfolio for the API, valued at the newest prices known (<see cref="LivePrices"/>, else the last trade).</summary>
public sealed class PortfolioViews(LivePrices prices)
{
    public PortfolioView Of(PortfolioState portfolio, PerformanceSummaryView? performance = null)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var ledger = portfolio.Ledger;
        var valued = ledger.Holdings.Values
            .Where(h => h.Quantity != 0 || h.RealizedPnl != 0 || h.Dividends != 0)
            .OrderBy(h => h.Symbol, StringComparer.Ordinal)
            .Select(h =>
            {
                var live = prices.Get(h.Symbol);
                var price = PriceOf(h);
                var marketValue = h.Quantity * price;
                decimal? dayChange = live?.PreviousClose is { } close ? h.Quantity * (price - close) : null;
                return (Holding: h, Live: live, Price: price, MarketValue: marketValue, DayChange: dayChange);
            })
            .ToList();
        var marketTotal = valued.Sum(v => v.MarketValue);
        var total = ledger.Cash + marketTotal;
        var holdings = valued.Select(v => new HoldingView(
                v.Holding.Symbol,
                v.Holding.Quantity,
                v.Holding.AverageCost,
                v.Holding.OpenCost,
                v.Holding.RealizedPnl,
                v.Holding.Dividends,
                v.Holding.Lots.Select(l => new LotView(l.Quantity, l.UnitCost, l.Cost, l.AcquiredAt)).ToList(),
                v.Price,
                v.Live?.PreviousClose,
                v.Live?.ObservedAt ?? v.Holding.LastTradeAt,
                v.Live is null ? "trade" : "live",
                v.MarketValue,
                v.MarketValue - v.Holding.OpenCost,
                v.DayChange,
                total == 0 ? 0m : v.MarketValue / total))
            .ToList();
        var openCost = holdings.Sum(h => h.OpenCost);
        var totals = new TotalsView(
            marketTotal,
            total,
            openCost,
            marketTotal - openCost,
            holdings.Sum(h => h.RealizedPnl),
            ledger.Dividends,
            ledger.Fees,
            holdings.Sum(h => h.DayChange ?? 0m),
            ledger.Deposits,
            ledger.Withdrawals,
            ledger.Deposits - ledger.Withdrawals);
        return new PortfolioView(
            portfolio.Id,
            portfolio.Name,
            portfolio.Currency,
            portfolio.OpenedAt,
            portfolio.ClosedAt,
            portfolio.Version,
            ledger.Cash,
            holdings,
            totals,
            portfolio.Watchlist.Order(StringComparer.Ordinal).ToList(),
            portfolio.AlertRules.Select(r => new AlertRuleView(r.RuleId, r.Symbol, r.Condition, r.Threshold, r.WindowMinutes, r.CooldownMinutes, r.AddedAt)).ToList(),
            performance);
    }

    public PortfolioSummaryView Summary(PortfolioState portfolio)
    {
        ArgumentNullException.ThrowIfNull(portfolio);
        var value = portfolio.Ledger.Cash + portfolio.Ledger.Holdings.Values.Sum(h => h.Quantity * PriceOf(h));
        return new PortfolioSummaryView(portfolio.Id, portfolio.Name, portfolio.Currency, portfolio.OpenedAt, portfolio.ClosedAt, portfolio.Version, portfolio.Ledger.Cash, value);
    }

    /// <summary>The newest price known: pricing's, else the holding's last trade.</summary>
    private decimal PriceOf(Portfolios.Holding holding) => prices.Get(holding.Symbol)?.Price ?? holding.LastTradePrice;
}
