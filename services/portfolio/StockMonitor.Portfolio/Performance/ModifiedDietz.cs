namespace StockMonitor.Portfolio.Performance;

/// <summary>The Modified Dietz return of one period with external flows.</summary>
public static class ModifiedDietz
{
    /// <summary>
    /// R = (V_end − V_start − F) / (V_start + Σ wᵢFᵢ), wᵢ = fraction of the period remaining after flow i.
    /// Null when the denominator is ≤ 0: no capital was at work (an empty portfolio before its first deposit),
    /// and a negative average capital would only flip the sign of the result.
    /// </summary>
    public static decimal? Return(
        decimal startValue,
        decimal endValue,
        IReadOnlyList<ExternalFlow> flows,
        DateTimeOffset periodStart,
        DateTimeOffset periodEnd)
    {
        ArgumentNullException.ThrowIfNull(flows);
        if (periodEnd <= periodStart)
        {
            throw new ArgumentException("The period must end after it starts.", nameof(periodEnd));
        }

        var length = (decimal)(periodEnd - periodStart).Ticks;
        var netFlow = 0m;
        var weightedFlow = 0m;
        foreach (var flow in flows)
        {
            if (flow.At < periodStart || flow.At > periodEnd)
            {
                throw new ArgumentOutOfRangeException(nameof(flows), flow.At, "A flow lies outside the period.");
            }

            netFlow += flow.Amount;
            weightedFlow += flow.Amount * ((periodEnd - flow.At).Ticks / length);
        }

        var averageCapital = startValue + weightedFlow;
        return averageCapital <= 0 ? null : (endValue - startValue - netFlow) / averageCapital;
    }
}
