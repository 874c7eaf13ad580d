namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// An event that moves cash or shares, as the ledger replays it. Movements are replayed in the order they
/// happened (<see cref="At"/>), not the order they were recorded, so a back-dated trade lands where it belongs;
/// <see cref="Sequence"/> (the order of recording) breaks ties.
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
}
