using StockMonitor.Portfolio.Apis;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Apis;

public class PortfolioMetricsTests
{
    [Theory]
    [InlineData(200, "accepted")]
    [InlineData(201, "accepted")]
    [InlineData(400, "rejected")]
    [InlineData(422, "rejected")]
    [InlineData(401, "unauthorized")]
    [InlineData(403, "unauthorized")]
    [InlineData(404, "not_found")]
    [InlineData(409, "conflict")]
    [InlineData(412, "conflict")]
    [InlineData(500, "failed")]
    [InlineData(503, "failed")]
    public void A_command_outcome_follows_its_status_code(int status, string outcome)
    {
        Assert.Equal(outcome, PortfolioMetrics.Outcome(status));
    }

    [Fact]
    public void A_live_price_update_says_whether_it_moved_the_price_forward()
    {
        // Arrange
        var prices = new LivePrices();
        var now = DateTimeOffset.UtcNow;

        // Act
        var first = prices.Update(new LivePrice("AAPL", 100m, 99m, now));
        var older = prices.Update(new LivePrice("AAPL", 98m, 99m, now.AddSeconds(-1)));
        var newer = prices.Update(new LivePrice("AAPL", 101m, 99m, now.AddSeconds(1)));

        // Assert
        Assert.Equal((true, false, true), (first, older, newer));
        Assert.Equal(101m, prices.Get("AAPL")!.Price);
    }
}
