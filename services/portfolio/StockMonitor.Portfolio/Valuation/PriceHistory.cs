namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// Past prices for valuing a portfolio at past instants: the close of each 1-hour bar pricing keeps (400 days),
/// read through pricing's API.
/// </summary>
public sealed class PriceHistory(PricingClient pricing)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>
    /// Hour closes of <paramref name="symbol"/> with buckets in [from, to), oldest first, as (time of the close, close).
    /// The time of a close is the end of its hour: pricing's API gives the bucket start, and a close is final only
    /// when its hour is over, so a valuation never uses a price from after its instant.
    /// </summary>
    /// <exception cref="PriceHistoryUnavailableException">Pricing could not be reached or did not answer properly.</exception>
    public async Task<IReadOnlyList<(DateTimeOffset At, decimal Close)>> HourClosesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        try
        {
            var bars = await pricing.HourBarsAsync(symbol, from, to, cancellationToken);
            return bars.Select(b => (b.Time + Hour, b.Close)).ToList();
        }
        catch (PricingUnavailableException ex)
        {
            throw new PriceHistoryUnavailableException(ex);
        }
    }
}
