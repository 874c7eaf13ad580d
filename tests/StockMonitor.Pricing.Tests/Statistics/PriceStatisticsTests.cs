using StockMonitor.Pricing.Statistics;

namespace StockMonitor.Pricing.Tests.Statistics;

public class PriceStatisticsTests
{
    [Theory]
    [InlineData(189.32, 187.1, 2.22, 1.186531)] // 2.22 / 187.1 × 100 = 1.18653126… → 6 places
    [InlineData(95, 100, -5, -5)]
    [InlineData(100, 100, 0, 0)]
    public void Change_and_change_percent_against_the_previous_close(decimal price, decimal previousClose, decimal change, decimal percent)
    {
        Assert.Equal(change, PriceArithmetic.Change(price, previousClose));
        Assert.Equal(percent, PriceArithmetic.ChangePercent(price, previousClose));
    }

    [Fact]
    public void Without_a_previous_close_there_is_no_change()
    {
        Assert.Null(PriceArithmetic.Change(10m, null));
        Assert.Null(PriceArithmetic.ChangePercent(10m, null));
    }

    [Theory]
    [InlineData(110, 100, 0.1)]
    [InlineData(90, 100, -0.1)]
    [InlineData(100, 300, -0.6666666667)] // 1/3 − 1, kept to 10 places
    public void SimpleReturn_is_end_over_start_minus_one(decimal end, decimal start, decimal expected) =>
        Assert.Equal(expected, PriceStatistics.SimpleReturn(end, start));

    [Fact]
    public void SimpleReturn_without_a_start_price_is_null() => Assert.Null(PriceStatistics.SimpleReturn(10m, null));

    [Fact]
    public void RealizedVolatility_of_a_known_series()
    {
        // Closes 100, 101, 99.99, 100.9899: log returns ln 1.01, ln 0.99, ln 1.01
        //   = 0.0099503309, −0.0100503359, 0.0099503309; mean 0.0032834420
        //   deviations 0.0066668889, −0.0133337778, 0.0066668889; sample variance (n−1 = 2) 0.00013334222
        //   stdev 0.0115473903 × √(252 × 390 = 98,280) = 0.0115473903 × 313.49641 = 3.620065 (362 % a year)
        var volatility = PriceStatistics.RealizedVolatility([100m, 101m, 99.99m, 100.9899m]);

        Assert.Equal(3.620065m, volatility);
    }

    [Fact]
    public void RealizedVolatility_is_of_returns_not_prices()
    {
        // The same relative moves at ten times the price level give the same volatility.
        Assert.Equal(
            PriceStatistics.RealizedVolatility([100m, 101m, 99.99m, 100.9899m]),
            PriceStatistics.RealizedVolatility([1000m, 1010m, 999.9m, 1009.899m]));
        Assert.Equal(0m, PriceStatistics.RealizedVolatility([50m, 50m, 50m]));
        Assert.Null(PriceStatistics.RealizedVolatility([50m, 51m]));
    }

    [Fact]
    public void MinuteCloses_carries_the_last_close_over_empty_minutes()
    {
        var ten = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

        var closes = PriceStatistics.MinuteCloses([(ten.AddMinutes(1), 100m), (ten.AddMinutes(3), 103m)], ten, ten.AddMinutes(4));

        Assert.Equal([100m, 100m, 103m, 103m], closes);
    }
}
