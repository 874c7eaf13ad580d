using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// An event that moves cash or shares, as the ledger replays it. Movements are replayed in the order they
/// happened (<see cref="At"/>), not the order they were recorded, so a back-dated trade lands where it belongs;
/// <see cref="Sequence"/> (the order of recording: the event's stream version) breaks ties.
/// </summary>
/// <param name="Quantity">Shares bought or sold; the ratio of a split.</param>
/// <param name="Amount">Cash of a deposit, withdrawal, dividend or fee.</param>
public sealed record Movement(long Sequence, MovementKind Kind, DateTimeOffset At, string? Symbol, decimal Quantity, decimal Price, decimal Fees, decimal Amount)
{
    /// <summary>Whether this is money crossing the portfolio's boundary (what time-weighted returns split at).</summary>
    public bool IsExternalFlow => Kind is MovementKind.Deposit or MovementKind.Withdrawal;

    /// <summary>The external flow with its sign: deposits positive, withdrawals negative; zero otherwise.</summary>
    public decimal SignedFlow => Kind switch
    {
        MovementKind.Deposit => Amount,
        MovementKind.Withdrawal => -Amount,
        _ => 0m,
    };

    /// <summary>
    /// The movement an event makes, recorded at stream version <paramref name="sequence"/>; null for an event that moves
    /// neither cash nor shares. The only mapping of events to movements: the fold and the checks of commands both use it.
    /// </summary>
    public static Movement? Of(object @event, long sequence) => @event switch
    {
        CashDeposited e => new(sequence, MovementKind.Deposit, e.At, null, 0m, 0m, 0m, e.Amount),
        CashWithdrawn e => new(sequence, MovementKind.Withdrawal, e.At, null, 0m, 0m, 0m, e.Amount),
        SharesBought e => new(sequence, MovementKind.Buy, e.ExecutedAt, e.Symbol, e.Quantity, e.Price, e.Fees, 0m),
        SharesSold e => new(sequence, MovementKind.Sell, e.ExecutedAt, e.Symbol, e.Quantity, e.Price, e.Fees, 0m),
        DividendReceived e => new(sequence, MovementKind.Dividend, e.PaidAt, e.Symbol, 0m, 0m, 0m, e.Amount),
        StockSplit e => new(sequence, MovementKind.Split, e.EffectiveAt, e.Symbol, e.Ratio, 0m, 0m, 0m),
        FeeCharged e => new(sequence, MovementKind.Fee, e.At, null, 0m, 0m, 0m, e.Amount),
        _ => null,
    };
}
