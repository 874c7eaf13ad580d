using System.Collections.Immutable;
using System.Text.Json.Serialization;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// A portfolio's state, folded from its events (stored as a snapshot every few events, see <see cref="PortfolioSnapshots"/>).
/// Immutable: <see cref="After"/> returns a new value, since Marten's identity map may hold on to the old one. Cash and
/// holdings (open lots only) are kept incrementally in <see cref="Ledger"/>, so the snapshot does not grow with the
/// history; a back-dated movement replays the ledger from the whole <see cref="History"/>, which only then is needed.
/// </summary>
/// <param name="Version">The stream version this state was folded to.</param>
public sealed record PortfolioState(
    Guid Id,
    string Name,
    string Owner,
    string Currency,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    ImmutableList<string> Watchlist,
    ImmutableList<AlertRule> AlertRules,
    Ledger Ledger,
    long Version)
{
    /// <summary>
    /// Every movement so far, in the order recorded, when known: folded in memory from the opening, or loaded from the
    /// stream (<see cref="PortfolioHistory"/>) for a back-dated movement. Never stored: a snapshot loaded from the database has none.
    /// </summary>
    [JsonIgnore]
    public ImmutableList<Movement>? History { get; init; }

    public bool IsClosed => ClosedAt is not null;

    /// <summary>What ingestion should stream for this portfolio: the symbols held (quantity &gt; 0) and watched.</summary>
    public IReadOnlyList<string> Symbols =>
        Ledger.Holdings.Values.Where(h => h.Quantity > 0).Select(h => h.Symbol).Union(Watchlist).Order(StringComparer.Ordinal).ToList();

    public static PortfolioState Start(PortfolioOpened e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.PortfolioId, e.Name, e.Owner, e.Currency, e.OpenedAt, null, [], [], Ledger.Empty, 1) { History = [] };
    }

    /// <summary>The state folded from a whole stream, in order (the opening first), with its history.</summary>
    public static PortfolioState Fold(IEnumerable<object> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        PortfolioState? state = null;
        foreach (var e in events)
        {
            state = state is null ? Start((PortfolioOpened)e) : state.After(e);
        }

        return state ?? throw new ArgumentException("A stream starts with PortfolioOpened.", nameof(events));
    }

    /// <summary>Whether <paramref name="event"/>, appended next, moves cash or shares before the latest movement so far (so the ledger must be replayed).</summary>
    public bool IsBackDated(object @event) => Movement.Of(@event, Version + 1) is { } movement && Ledger.LastAt is { } last && movement.At < last;

    /// <summary>
    /// The state after <paramref name="event"/>, appended as version <see cref="Version"/> + 1. Rules are not checked: a
    /// recorded event always folds (commands check first, <see cref="EnsureAllowed"/>).
    /// </summary>
    /// <exception cref="HistoryNeededException">A back-dated movement and no <see cref="History"/>.</exception>
    public PortfolioState After(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var version = Version + 1;
        if (Movement.Of(@event, version) is { } movement)
        {
            return this with { Ledger = Appended(movement).Ledger, History = History?.Add(movement), Version = version };
        }

        var next = @event switch
        {
            PortfolioRenamed e => this with { Name = e.Name },
            PortfolioClosed e => this with { ClosedAt = e.At },
            SymbolWatched e => Watchlist.Contains(e.Symbol) ? this : this with { Watchlist = Watchlist.Add(e.Symbol) },
            SymbolUnwatched e => this with { Watchlist = Watchlist.Remove(e.Symbol) },
            AlertRuleAdded e => this with { AlertRules = AlertRules.Add(new AlertRule(e.RuleId, e.Symbol, e.Condition, e.Threshold, e.WindowMinutes, e.CooldownMinutes, e.At)) },
            AlertRuleRemoved e => this with { AlertRules = AlertRules.RemoveAll(r => r.RuleId == e.RuleId) },
            _ => throw new ArgumentException($"{@event.GetType().Name} is not an event of an open portfolio", nameof(@event)),
        };
        return next with { Version = version };
    }

    /// <summary>
    /// Throws <see cref="RuleViolationException"/> when <paramref name="event"/>, appended next, would break a rule at its
    /// time or, when back-dated, at any later movement (pure; nothing is recorded). Events that move nothing pass.
    /// </summary>
    /// <exception cref="HistoryNeededException">The event is back-dated and no <see cref="History"/> is loaded.</exception>
    public void EnsureAllowed(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (Movement.Of(@event, Version + 1) is not { } movement)
        {
            return;
        }

        if (Appended(movement).Violation is { } violation)
        {
            throw new RuleViolationException(
                violation.Title,
                violation.Sequence == movement.Sequence ? violation.Detail : $"Recorded at {movement.At:O} it would break a later movement. {violation.Detail}");
        }
    }

    // The newest movement so far is applied on top; an earlier one (back-dated) means replaying from the start.
    private (Ledger Ledger, LedgerViolation? Violation) Appended(Movement movement) =>
        Ledger.LastAt is not { } last || movement.At >= last
            ? Ledger.Apply(movement)
            : Ledger.Replay((History ?? throw new HistoryNeededException(Id)).Add(movement));
}
