using System.Collections.Immutable;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// A portfolio's state, folded from its events (Marten keeps it as an inline snapshot). Immutable: every
/// <c>Apply</c> returns a new value, since Marten's identity map may hold on to the old one. Cash and holdings
/// come from replaying the movements in the order they happened (<see cref="Ledger"/>), so back-dated trades,
/// dividends and splits land where they belong.
/// </summary>
public sealed record PortfolioState(
    Guid Id,
    string Name,
    string Owner,
    string Currency,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    ImmutableList<Movement> Movements,
    ImmutableList<string> Watchlist,
    ImmutableList<AlertRule> AlertRules,
    Ledger Ledger)
{
    /// <summary>The stream version this state was folded to; Marten sets it.</summary>
    public long Version { get; set; }

    public bool IsClosed => ClosedAt is not null;

    /// <summary>What ingestion should stream for this portfolio: the symbols held (quantity &gt; 0) and watched.</summary>
    public IReadOnlyList<string> Symbols =>
        Ledger.Holdings.Values.Where(h => h.Quantity > 0).Select(h => h.Symbol).Union(Watchlist).Order(StringComparer.Ordinal).ToList();

    public static PortfolioState Create(PortfolioOpened e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.PortfolioId, e.Name, e.Owner, e.Currency, e.OpenedAt, null, [], [], [], Ledger.Empty);
    }

    public PortfolioState Apply(CashDeposited e) => Record(MovementKind.Deposit, e.At, null, 0m, 0m, 0m, e.Amount);

    public PortfolioState Apply(CashWithdrawn e) => Record(MovementKind.Withdrawal, e.At, null, 0m, 0m, 0m, e.Amount);

    public PortfolioState Apply(SharesBought e) => Record(MovementKind.Buy, e.ExecutedAt, e.Symbol, e.Quantity, e.Price, e.Fees, 0m);

    public PortfolioState Apply(SharesSold e) => Record(MovementKind.Sell, e.ExecutedAt, e.Symbol, e.Quantity, e.Price, e.Fees, 0m);

    public PortfolioState Apply(DividendReceived e) => Record(MovementKind.Dividend, e.PaidAt, e.Symbol, 0m, 0m, 0m, e.Amount);

    public PortfolioState Apply(StockSplit e) => Record(MovementKind.Split, e.EffectiveAt, e.Symbol, e.Ratio, 0m, 0m, 0m);

    public PortfolioState Apply(FeeCharged e) => Record(MovementKind.Fee, e.At, null, 0m, 0m, 0m, e.Amount);

    public PortfolioState Apply(PortfolioRenamed e) => this with { Name = e.Name };

    public PortfolioState Apply(PortfolioClosed e) => this with { ClosedAt = e.At };

    public PortfolioState Apply(SymbolWatched e) => Watchlist.Contains(e.Symbol) ? this : this with { Watchlist = Watchlist.Add(e.Symbol) };

    public PortfolioState Apply(SymbolUnwatched e) => this with { Watchlist = Watchlist.Remove(e.Symbol) };

    public PortfolioState Apply(AlertRuleAdded e) =>
        this with { AlertRules = AlertRules.Add(new AlertRule(e.RuleId, e.Symbol, e.Condition, e.Threshold, e.WindowMinutes, e.CooldownMinutes, e.At)) };

    public PortfolioState Apply(AlertRuleRemoved e) => this with { AlertRules = AlertRules.RemoveAll(r => r.RuleId == e.RuleId) };

    /// <summary>Folds any of this portfolio's events (used to answer a command with the state it produced).</summary>
    public PortfolioState Apply(object @event) => @event switch
    {
        CashDeposited e => Apply(e),
        CashWithdrawn e => Apply(e),
        SharesBought e => Apply(e),
        SharesSold e => Apply(e),
        DividendReceived e => Apply(e),
        StockSplit e => Apply(e),
        FeeCharged e => Apply(e),
        PortfolioRenamed e => Apply(e),
        PortfolioClosed e => Apply(e),
        SymbolWatched e => Apply(e),
        SymbolUnwatched e => Apply(e),
        AlertRuleAdded e => Apply(e),
        AlertRuleRemoved e => Apply(e),
        _ => throw new ArgumentException($"{@event?.GetType().Name} is not an event of an open portfolio", nameof(@event)),
    };

    /// <summary>
    /// Throws <see cref="RuleViolationException"/> when one more movement would break a rule at its time or, when
    /// back-dated, at any later movement (pure; nothing is recorded).
    /// </summary>
    public void EnsureAllowed(MovementKind kind, DateTimeOffset at, string? symbol, decimal quantity, decimal price, decimal fees, decimal amount)
    {
        var movement = new Movement(Movements.Count, kind, at, symbol, quantity, price, fees, amount);
        if (Appended(movement).Violation is { } violation)
        {
            throw new RuleViolationException(
                violation.Title,
                violation.Sequence == movement.Sequence ? violation.Detail : $"Recorded at {at:O} it would break a later movement. {violation.Detail}");
        }
    }

    private PortfolioState Record(MovementKind kind, DateTimeOffset at, string? symbol, decimal quantity, decimal price, decimal fees, decimal amount)
    {
        var movement = new Movement(Movements.Count, kind, at, symbol, quantity, price, fees, amount);
        return this with { Movements = Movements.Add(movement), Ledger = Appended(movement).Ledger };
    }

    // The newest movement so far is applied on top; an earlier one (back-dated) means replaying from the start.
    private (Ledger Ledger, LedgerViolation? Violation) Appended(Movement movement) =>
        Ledger.LastAt is not { } last || movement.At >= last
            ? Ledger.Apply(movement)
            : Ledger.Replay(Movements.Add(movement));
}
