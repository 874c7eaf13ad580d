using StockMonitor.Ingestion.Simulation;

namespace StockMonitor.Ingestion.Tests.Simulation;

public class QuoteSimulatorTests
{
    private static readonly string[] Symbols = ["AAPL", "MSFT", "BRK.B"];
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Same_seed_reproduces_the_same_series()
    {
        Assert.Equal(Run(seed: 42), Run(seed: 42));
        Assert.NotEqual(Run(seed: 42), Run(seed: 43));
    }

    [Fact]
    public void Prices_stay_positive_and_within_the_day_range_and_volume_accumulates()
    {
        var simulator = new QuoteSimulator(Symbols, 7);
        decimal lastVolume = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var quote = simulator.Next("AAPL", TimeSpan.FromMinutes(1), Start.AddMinutes(i));

            Assert.True(quote.Price > 0);
            Assert.InRange(quote.Price, quote.Low!.Value, quote.High!.Value);
            Assert.True(quote.Volume > lastVolume);
            Assert.True(quote.PreviousClose > 0);
            lastVolume = quote.Volume!.Value;
        }
    }

    private static List<decimal> Run(int seed)
    {
        var simulator = new QuoteSimulator(Symbols, seed);
        return Enumerable.Range(0, 100).SelectMany(i => Symbols.Select(s => simulator.Next(s, TimeSpan.FromSeconds(1), Start.AddSeconds(i)).Price)).ToList();
    }
}
