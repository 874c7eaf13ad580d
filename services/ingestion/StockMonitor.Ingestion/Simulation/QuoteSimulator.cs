using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Ingestion.Simulation;

/// <summary>
/// Geometric Brownian motion per symbol: P(t+dt) = P(t)·exp((μ − σ²/2)dt + σ√dt·Z). Prices stay positive by
/// construction; each symbol has its own drift and volatility; the day's open, high, low, cumulative
/// volume and previous close are tracked. The same seed reproduces the same series.
/// </summary>
public sealed class QuoteSimulator
{
    private const double SecondsPerYear = 252 * 6.5 * 3600;
    private readonly Random random;
    private readonly Dictionary<string, SymbolState> states = new(StringComparer.Ordinal);

    public QuoteSimulator(IEnumerable<string> symbols, int seed)
    {
        random = new Random(seed);
        foreach (var symbol in symbols)
        {
            var start = 20 + (random.NextDouble() * 480);
            states[symbol] = new SymbolState
            {
                Drift = (random.NextDouble() * 0.2) - 0.05,
                Volatility = 0.15 + (random.NextDouble() * 0.45),
                Price = start,
                PreviousClose = Math.Round((decimal)(start * (1 + ((random.NextDouble() - 0.5) * 0.02))), 2),
            };
        }
    }

    /// <summary>Advances <paramref name="symbol"/> by <paramref name="elapsed"/> and returns its quote at <paramref name="now"/>.</summary>
    public Quote Next(string symbol, TimeSpan elapsed, DateTimeOffset now)
    {
        var s = states[symbol];
        var dt = elapsed.TotalSeconds / SecondsPerYear;
        var z = NextGaussian();
        s.Price *= Math.Exp(((s.Drift - (s.Volatility * s.Volatility / 2)) * dt) + (s.Volatility * Math.Sqrt(dt) * z));

        var price = Math.Max(0.01m, Math.Round((decimal)s.Price, 2));
        s.Open ??= price;
        s.High = s.High is { } h && h >= price ? h : price;
        s.Low = s.Low is { } l && l <= price ? l : price;
        s.Volume += random.Next(100, 5_000);

        return new Quote(symbol, price, "USD", s.Open, s.High, s.Low, s.PreviousClose, s.Volume, now, "simulator");
    }

    private double NextGaussian()
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private sealed class SymbolState
    {
        public double Drift { get; init; }

        public double Volatility { get; init; }

        public double Price { get; set; }

        public decimal PreviousClose { get; init; }

        public decimal? Open { get; set; }

        public decimal? High { get; set; }

        public decimal? Low { get; set; }

        public decimal Volume { get; set; }
    }
}
