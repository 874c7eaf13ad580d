namespace StockMonitor.Pricing.Bars;

/// <summary>The two bar sizes: 1-minute bars kept 7 days, 1-hour bars kept 400 days.</summary>
public sealed record BarInterval(string Name, TimeSpan Length, TimeSpan Retention)
{
    public static readonly BarInterval Minute = new("1m", TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    public static readonly BarInterval Hour = new("1h", TimeSpan.FromHours(1), TimeSpan.FromDays(400));

    public static BarInterval? Parse(string? name) => name switch
    {
        "1m" => Minute,
        "1h" => Hour,
        _ => null,
    };

    /// <summary>The partition key of a symbol's bars of this size: <c>AAPL#1m</c>.</summary>
    public string Series(string symbol) => $"{symbol}#{Name}";

    /// <summary>The start of the bucket holding <paramref name="instant"/> (UTC; minutes and hours are aligned in UTC).</summary>
    public DateTimeOffset BucketOf(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        return new DateTimeOffset(utc - (utc % Length.Ticks), TimeSpan.Zero);
    }
}
