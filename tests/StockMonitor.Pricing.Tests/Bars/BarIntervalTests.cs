using StockMonitor.Pricing.Bars;

namespace StockMonitor.Pricing.Tests.Bars;

public class BarIntervalTests
{
    [Theory]
    [InlineData("2026-11-27T15:31:59.9999999Z", "1m", "2026-11-27T15:31:00Z")]
    [InlineData("2026-11-27T15:32:00Z", "1m", "2026-11-27T15:32:00Z")]
    [InlineData("2026-11-27T23:59:59.999Z", "1m", "2026-11-27T23:59:00Z")]
    [InlineData("2026-11-28T00:00:00Z", "1m", "2026-11-28T00:00:00Z")]
    [InlineData("2026-11-27T15:59:59Z", "1h", "2026-11-27T15:00:00Z")]
    [InlineData("2026-11-27T16:00:00Z", "1h", "2026-11-27T16:00:00Z")]
    [InlineData("2026-11-27T23:30:00Z", "1h", "2026-11-27T23:00:00Z")]
    [InlineData("2026-11-28T00:00:00.001Z", "1h", "2026-11-28T00:00:00Z")]
    [InlineData("2026-11-27T10:31:07-05:00", "1m", "2026-11-27T15:31:00Z")]
    public void BucketOf_aligns_to_utc_minute_and_hour_edges(string instant, string interval, string bucket) =>
        Assert.Equal(DateTimeOffset.Parse(bucket, System.Globalization.CultureInfo.InvariantCulture), BarInterval.Parse(interval)!.BucketOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Series_and_retention_follow_the_table_layout()
    {
        Assert.Equal("AAPL#1m", BarInterval.Minute.Series("AAPL"));
        Assert.Equal("BRK.B#1h", BarInterval.Hour.Series("BRK.B"));
        Assert.Equal(TimeSpan.FromDays(7), BarInterval.Minute.Retention);
        Assert.Equal(TimeSpan.FromDays(400), BarInterval.Hour.Retention);
        Assert.Null(BarInterval.Parse("5m"));
    }

    [Theory]
    [InlineData("2026-11-28T04:59:59Z", "2026-11-27")]
    [InlineData("2026-11-28T05:00:00Z", "2026-11-28")]
    [InlineData("2026-07-01T03:59:59Z", "2026-06-30")]
    [InlineData("2026-07-01T04:00:00Z", "2026-07-01")]
    public void TradingDay_is_the_new_york_date(string instant, string day)
    {
        var tradingDay = TradingDay.Of(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(day, tradingDay.Text);
        Assert.Equal(TimeSpan.FromDays(1), tradingDay.End - tradingDay.Start);
        Assert.Equal(TradingDay.Of(tradingDay.Start), tradingDay);
    }
}
