using System.Collections.Immutable;
using System.Globalization;

namespace StockMonitor.Portfolio.Portfolios;

/// <summary>
/// Cash and holdings after replaying movements in the order they happened. Pure and immutable: the same
/// movements give the same ledger, whatever order they were recorded in.
/// </summary>
public sealed record Ledger(
    decimal Cash,
    ImmutableDictionary<string, Holding> Holdings,
    decimal Deposits,
    decimal Withdrawals,
    decimal Dividends,
    decimal Fees,
    DateTimeOffset? LastAt)
{
    public static Ledger Empty { get; } = new(0m, ImmutableDictionary<string, Holding>.Empty, 0m, 0m, 0m, 0m, null);

    /// <summary>Movements in the order they happened; ties in the order they were recorded.</summary>
    public static IEnumerable<Movement> InOrder(IEnumerable<Movement> movements) => movements.OrderBy(m => m.At).ThenBy(m => m.Sequence);

    /// <summary>Replays <paramref name="movements"/> (any order) and reports the first rule broken, if any.</summary>
    public static (Ledger Ledger, LedgerViolation? Violation) Replay(IEnumerable<Movement> movements)
    {
        var ledger = Empty;
        LedgerViolation? first = null;
        foreach (var movement in InOrder(movements))
        {
            var (next, violation) = ledger.Apply(movement);
            first ??= violation;
            ledger = next;
        }

        return (ledger, first);
    }

    /// <summary>The ledger just before <paramref name="instant"/>: every movement that happened strictly earlier.</summary>
    public static Ledger Before(IEnumerable<Movement> movements, DateTimeOffset instant) => Replay(movements.Where(m => m.At < instant)).Ledger;

    public Holding HoldingOf(string symbol) => Holdings.TryGetValue(symbol, out var holding) ? holding : Holding.Empty(symbol);

    /// <summary>One step. A broken rule is reported, and the step is still taken so that replaying goes on.</summary>
    public (Ledger Ledger, LedgerViolation? Violation) Apply(Movement movement)
    {
        ArgumentNullException.ThrowIfNull(movement);
        var at = movement.At;
        var next = this with { LastAt = LastAt is { } last && last > at ? last : at };
        switch (movement.Kind)
        {
            case MovementKind.Deposit:
                return (next with { Cash = Cash + movement.Amount, Deposits = Deposits + movement.Amount }, null);
            case MovementKind.Withdrawal:
                next = next with { Cash = Cash - movement.Amount, Withdrawals = Withdrawals + movement.Amount };
                return (next, next.Cash < 0 ? NotEnoughCash(Cash, movement, $"withdrawing {Format(movement.Amount)}") : null);
            case MovementKind.Fee:
                next = next with { Cash = Cash - movement.Amount, Fees = Fees + movement.Amount };
                return (next, next.Cash < 0 ? NotEnoughCash(Cash, movement, $"paying a fee of {Format(movement.Amount)}") : null);
            case MovementKind.Buy:
            {
                var symbol = movement.Symbol!;
                var cost = (movement.Quantity * movement.Price) + movement.Fees;
                next = next with
                {
                    Cash = Cash - cost,
                    Fees = Fees + movement.Fees,
                    Holdings = Holdings.SetItem(symbol, HoldingOf(symbol).Buy(movement.Quantity, movement.Price, movement.Fees, at)),
                };
                return (next, next.Cash < 0 ? NotEnoughCash(Cash, movement, $"buying {Format(movement.Quantity)} {symbol} for {Format(cost)}") : null);
            }

            case MovementKind.Sell:
            {
                var symbol = movement.Symbol!;
                var holding = HoldingOf(symbol);
                var sold = holding.Sell(movement.Quantity, movement.Price, movement.Fees, at);
                if (sold is null)
                {
                    var violation = new LedgerViolation(
                        "Not enough shares",
                        Invariant($"Cannot sell {Format(movement.Quantity)} {symbol} at {at:O}: the portfolio holds {Format(holding.Quantity)} then."),
                        movement.Sequence);
                    return (next, violation);
                }

                next = next with
                {
                    Cash = Cash + (movement.Quantity * movement.Price) - movement.Fees,
                    Fees = Fees + movement.Fees,
                    Holdings = Holdings.SetItem(symbol, sold),
                };
                return (next, next.Cash < 0 ? NotEnoughCash(Cash, movement, $"paying fees of {Format(movement.Fees)} on a sale of {symbol}") : null);
            }

            case MovementKind.Dividend:
            {
                var symbol = movement.Symbol!;
                return (next with
                {
                    Cash = Cash + movement.Amount,
                    Dividends = Dividends + movement.Amount,
                    Holdings = Holdings.SetItem(symbol, HoldingOf(symbol).Dividend(movement.Amount)),
                }, null);
            }

            case MovementKind.Split:
            {
                var symbol = movement.Symbol!;
                return Holdings.TryGetValue(symbol, out var holding)
                    ? (next with { Holdings = Holdings.SetItem(symbol, holding.Split(movement.Quantity)) }, null)
                    : (next, null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(movement), movement.Kind, "Unknown movement");
        }
    }

    private static LedgerViolation NotEnoughCash(decimal cash, Movement movement, string what) =>
        new("Not enough cash", Invariant($"Cannot record {what} at {movement.At:O}: the portfolio has {Format(cash)} in cash then."),
        movement.Sequence);

    private static string Format(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
