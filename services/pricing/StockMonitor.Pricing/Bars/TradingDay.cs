using StockMonitor.Markets;

namespace StockMonitor.Pricing.Bars;

/// <summary>The US/Eastern trading day an instant belongs to, as a UTC range: volumes reset at its start.</summary>
public sealed record TradingDay(DateOnly Date, DateTimeOffset Start, DateTimeOffset End)
{
    public static TradingDay Of(DateTimeOffset instant)
    {
        var date = UsMarket.TradingDay(instant);
        return new TradingDay(date, UsMarket.FromEastern(date.ToDateTime(TimeOnly.MinValue)), UsMarket.FromEastern(date.AddDays(1).ToDateTime(TimeOnly.MinValue)));
    }

    public string Text => Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
