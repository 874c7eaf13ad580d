using StockMonitor.Ingestion.Simulation;

namespace StockMonitor.Ingestion.Tests.Simulation;

public class QuoteSimulatorTests
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "BRK.B"];

    // 2026-11-27 is a Friday; 14:30 UTC is 09:30 in New York.
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Same_seed_reproduces_the_same_series_and_another_seed_does_not()
    {
        Assert.Equal(Run(42, Symbols), Run(42, Symbols));
        Assert.NotEqual(Run(42, Symbols), Run(43, Symbols));
    }

    [Fact]
    public void A_symbols_series_does_not_depend_on_the_other_symbols()
    {
        var alone = Run(42, ["MSFT"]);
        var together = Run(42, ["AAPL", "MSFT", "NVDA"]);

        Assert.Equal(alone, together.Where(p => p.Symbol == "MSFT"));
    }

    [Fact]
    public void Prices_stay_positive_and_within_the_day_range_and_volume_accumulates_within_a_day()
    {
        var simulator = new QuoteSimulator(7);
        decimal lastVolume = 0;
        for (var i = 0; i < 390; i++)
        {
            var quote = simulator.Next("AAPL", TimeSpan.FromMinutes(1), Start.AddMinutes(i));

            Assert.True(quote.Price > 0);
            Assert.InRange(quote.Price, quote.Low!.Value, quote.High!.Value);
            Assert.True(quote.Volume > lastVolume);
            lastVolume = quote.Volume!.Value;
        }
    }

    [Fact]
    public void A_new_trading_day_rolls_the_previous_close_and_resets_the_day()
    {
        var simulator = new QuoteSimulator(7);
        var friday = simulator.Next("AAPL", TimeSpan.FromMinutes(1), Start.AddHours(6));
        var fridayLast = simulator.Next("AAPL", TimeSpan.FromMinutes(1), Start.AddHours(6.4));

        var monday = simulator.Next("AAPL", TimeSpan.FromMinutes(1), Start.AddDays(3));

        Assert.Equal(friday.PreviousClose, fridayLast.PreviousClose);
        Assert.Equal(fridayLast.Price, monday.PreviousClose);
        Assert.Equal(monday.Price, monday.Open);
        Assert.Equal(monday.Price, monday.High);
        Assert.Equal(monday.Price, monday.Low);
        Assert.True(monday.Volume < fridayLast.Volume);
    }

    [Fact]
    public void Jumps_make_large_moves_that_diffusion_alone_does_not()
    {
        static double LargestMove(double jumpsPerDay)
        {
            var simulator = new QuoteSimulator(11, jumpsPerDay);
            var previous = simulator.Next("TSLA", TimeSpan.Zero, Start).Price;
            var largest = 0.0;
            for (var i = 1; i <= 2_000; i++)
            {
                var price = simulator.Next("TSLA", TimeSpan.FromSeconds(1), Start.AddSeconds(i)).Price;
                largest = Math.Max(largest, Math.Abs(Math.Log((double)(price / previous))));
                previous = price;
            }

            return largest;
        }

        // One-second diffusion at ≤ 60 % annual volatility moves well under 1 %; a jump (σ 3 %) often more.
        Assert.True(LargestMove(jumpsPerDay: 0) < 0.01);
        Assert.True(LargestMove(jumpsPerDay: 23_400) > 0.03);
    }

    private static List<(string Symbol, decimal Price)> Run(int seed, string[] symbols)
    {
        var simulator = new QuoteSimulator(seed);
        return Enumerable.Range(0, 100)
            .SelectMany(i => symbols.Select(s => (s, simulator.Next(s, TimeSpan.FromSeconds(1), Start.AddSeconds(i)).Price)))
            .ToList();
    }
}
