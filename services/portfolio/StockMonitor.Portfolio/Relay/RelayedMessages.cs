using JasperFx.Events;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;
using StockMonitor.Portfolio.Portfolios;

namespace StockMonitor.Portfolio.Relay;

/// <summary>
/// The bus contracts built from portfolio events (pure). MessageIds come from the portfolio id, the stream version
/// and the kind of message (<see cref="PortfolioMessageId"/>), so building the same message twice gives the same id.
/// </summary>
public static class RelayedMessages
{
    /// <summary>
    /// The events after which the portfolio's symbol set may differ. A split counts: back-dated before a sell it
    /// can leave shares where there were none.
    /// </summary>
    public static bool CanChangeSymbols(object data) =>
        data is PortfolioOpened or PortfolioClosed or SharesBought or SharesSold or StockSplit or SymbolWatched or SymbolUnwatched;

    public static OutgoingMessage Trade(IEvent e, SharesBought bought)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(bought);
        return Trade(e, bought.PortfolioId, bought.Symbol, TradeSides.Buy, bought.Quantity, bought.Price, bought.Fees, bought.ExecutedAt);
    }

    public static OutgoingMessage Trade(IEvent e, SharesSold sold)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(sold);
        return Trade(e, sold.PortfolioId, sold.Symbol, TradeSides.Sell, sold.Quantity, sold.Price, sold.Fees, sold.ExecutedAt);
    }

    public static OutgoingMessage RuleAdded(IEvent e, Portfolios.Events.AlertRuleAdded added)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(added);
        return new(
            new Contracts.Portfolios.AlertRuleAdded(
                added.RuleId, added.PortfolioId, added.Symbol, added.Condition, added.Threshold, added.WindowMinutes, added.CooldownMinutes, added.At),
            PortfolioMessageId.For(PortfolioMessageId.AlertRuleAddedKind, added.PortfolioId, e.Version));
    }

    /// <param name="symbol">The rule's symbol, from the event that added it (the removal names only the rule).</param>
    public static OutgoingMessage RuleRemoved(IEvent e, Portfolios.Events.AlertRuleRemoved removed, string symbol)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(removed);
        return new(
            new Contracts.Portfolios.AlertRuleRemoved(removed.RuleId, removed.PortfolioId, symbol, removed.At),
            PortfolioMessageId.For(PortfolioMessageId.AlertRuleRemovedKind, removed.PortfolioId, e.Version));
    }

    /// <summary>
    /// The portfolio's symbol set as it is now (<paramref name="current"/>, possibly newer than <paramref name="lastChange"/>:
    /// consumers keep the newest version, so the current set is right however late the relay runs). A closed or
    /// missing portfolio streams nothing. The id depends on the version only, so the same version always gives the same message id.
    /// </summary>
    /// <param name="lastChange">The newest event of the page that could change the set; dates the message.</param>
    public static OutgoingMessage Symbols(Guid portfolioId, PortfolioState? current, IEvent lastChange)
    {
        ArgumentNullException.ThrowIfNull(lastChange);
        (IReadOnlyList<string> symbols, long version) = current switch
        {
            null => ([], lastChange.Version),
            { IsClosed: true } => ([], current.Version),
            _ => (current.Symbols, current.Version),
        };
        return new(
            new PortfolioSymbolsChanged(portfolioId, symbols, version, lastChange.Timestamp),
            PortfolioMessageId.For(PortfolioMessageId.SymbolsChangedKind, portfolioId, version));
    }

    /// <summary>
    /// One <see cref="PortfolioChanged"/> per portfolio with an event in <paramref name="page"/>, at the newest of its
    /// events there (its version and timestamp). The id depends on the version only, so a retried page gives the same ids.
    /// </summary>
    public static IReadOnlyList<OutgoingMessage> Changes(IEnumerable<IEvent> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var newest = new Dictionary<Guid, IEvent>();
        foreach (var e in page)
        {
            if (!newest.TryGetValue(e.StreamId, out var seen) || e.Version > seen.Version)
            {
                newest[e.StreamId] = e;
            }
        }

        return newest.Values
            .Select(e => new OutgoingMessage(
                new PortfolioChanged(e.StreamId, e.Version, e.Timestamp),
                PortfolioMessageId.For(PortfolioMessageId.PortfolioChangedKind, e.StreamId, e.Version)))
            .ToList();
    }

    private static OutgoingMessage Trade(
        IEvent e, Guid portfolioId, string symbol, string side, decimal quantity, decimal price, decimal fees, DateTimeOffset executedAt) =>
        new(
            new TradeRecorded(portfolioId, symbol, side, quantity, price, fees, executedAt, e.Version, e.Timestamp),
            PortfolioMessageId.For(PortfolioMessageId.TradeRecordedKind, portfolioId, e.Version));
}
