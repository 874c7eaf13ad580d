using StockMonitor.Contracts.Quotes;
using StockMonitor.Markets;

namespace StockMonitor.Ingestion.Simulation;

/// <summary>
/// Geometric Brownian motion with jumps, per symbol: P(t+dt) = P(t)·exp((μ − σ²/2)dt + σ√dt·Z + J), where J is a
/// normal jump (σ 3 %) arriving as a Poisson process. Prices stay positive by construction. Each symbol has its
/// own drift, volatility and random stream derived from (seed, symbol), so a symbol's series does not depend on
/// which other symbols are simulated. A new US trading day rolls the previous close and resets the day's open,
/// high, low and cumulative volume.
/// </summary>
public sealed class QuoteSimulator(int seed, double jumpsPerDay = 2)
{
    private const double TradingSecondsPerYear = 252 * 6.5 * 3600;
    private const double TradingSecondsPerDay = 6.5 * 3600;
    private const double JumpVolatility = 0.03;

    private readonly Dictionary<string, SymbolState> states = new(StringComparer.Ordinal);

    /// <summary>Advances <paramref name="symbol"/> by <paramref name="elapsed"/> and returns its quote at <paramref name="now"/>.</summary>
    public Quote Next(string symbol, TimeSpan elapsed, DateTimeOffset now)
    {
        if (!states.TryGetValue(symbol, out var s))
        {
            s = states[symbol] = SymbolState.Create(seed, symbol, now);
        }

        var day = UsMarket.TradingDay(now);
        if (day != s.Day)
        {
            s.StartDay(day);
        }

        var seconds = Math.Max(0, elapsed.TotalSeconds);
        var dt = seconds / TradingSecondsPerYear;
        var logReturn = ((s.Drift - (s.Volatility * s.Volatility / 2)) * dt) + (s.Volatility * Math.Sqrt(dt) * s.NextGaussian());
        if (s.Random.NextDouble() < jumpsPerDay * seconds / TradingSecondsPerDay)
        {
            logReturn += JumpVolatility * s.NextGaussian();
        }

        s.Price *= Math.Exp(logReturn);
        var price = Math.Max(0.01m, Math.Round((decimal)s.Price, 2));
        s.Open ??= price;
        s.High = s.High is { } h && h >= price ? h : price;
        s.Low = s.Low is { } l && l <= price ? l : price;
        s.Volume += s.Random.Next(100, 5_000);
        s.LastPrice = price;

        return new Quote(symbol, price, "USD", s.Open, s.High, s.Low, s.PreviousClose, s.Volume, now, "simulator");
    }

    private sealed class SymbolState
    {
        public required Random Random { get; init; }

        public double Drift { get; init; }

        public double Volatility { get; init; }

        public double Price { get; set; }

        public decimal LastPrice { get; set; }

        public decimal PreviousClose { get; set; }

        public DateOnly Day { get; set; }

        public decimal? Open { get; set; }

        public decimal? High { get; set; }

        public decimal? Low { get; set; }

        public decimal Volume { get; set; }

        public static SymbolState Create(int seed, string symbol, DateTimeOffset now)
        {
            var random = new Random(seed ^ StableHash(symbol));
            var start = 20 + (random.NextDouble() * 480);
            return new SymbolState
            {
                Random = random,
                Drift = (random.NextDouble() * 0.2) - 0.05,
                Volatility = 0.15 + (random.NextDouble() * 0.45),
                Price = start,
                LastPrice = Math.Round((decimal)start, 2),
                PreviousClose = Math.Round((decimal)(start * (1 + ((random.NextDouble() - 0.5) * 0.02))), 2),
                Day = UsMarket.TradingDay(now),
            };
        }

        public void StartDay(DateOnly day)
        {
            PreviousClose = LastPrice;
            Day = day;
            Open = null;
            High = null;
            Low = null;
            Volume = 0;
        }

        public double NextGaussian()
        {
            // Box–Muller.
            var u1 = 1.0 - Random.NextDouble();
            var u2 = Random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        // FNV-1a: string.GetHashCode is randomized per process, which would break reproducibility.
        private static int StableHash(string value)
        {
            var hash = 2166136261u;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return (int)hash;
        }
    }
}
