using System.Collections.Immutable;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// A portfolio's state, folded from its events. Immutable: every <c>Apply</c> returns a new value (Marten's
/// identity map may hold on to the old one).
/// </summary>
public sealed partial record Portfolio(
    Guid Id,
    string Name,
    string Owner,
    string Currency,
    decimal Cash,
    ImmutableSortedDictionary<string, Holding> Holdings,
    DateTimeOffset OpenedAt)
{
    /// <summary>The stream version this state was folded to; Marten sets it.</summary>
    public long Version { get; set; }

    public static Portfolio Create(PortfolioOpened e) =>
        new(e.PortfolioId, e.Name, e.Owner, e.Currency, 0m, ImmutableSortedDictionary.Create<string, Holding>(StringComparer.Ordinal), e.OpenedAt);

    public Portfolio Apply(SharesBought e) => this with
    {
        Cash = Cash - (e.Quantity * e.Price) - e.Fees,
        Holdings = Holdings.SetItem(e.Symbol, HoldingOf(e.Symbol).Buy(e.Quantity, e.Price, e.Fees, e.ExecutedAt)),
    };

    public Portfolio Apply(SharesSold e) => this with
    {
        Cash = Cash + (e.Quantity * e.Price) - e.Fees,
        Holdings = Holdings.SetItem(e.Symbol, HoldingOf(e.Symbol).Sell(e.Quantity, e.Price, e.Fees)),
    };

    public Holding HoldingOf(string symbol) => Holdings.TryGetValue(symbol, out var holding) ? holding : Holding.Empty(symbol);
}
