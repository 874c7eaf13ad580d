namespace StockMonitor.Markets;

/// <summary>
/// US equity market time: sources report naive US/Eastern times and trading days; everything we emit is UTC.
/// Regular session 09:30–16:00 Eastern, Monday to Friday (exchange holidays are not modelled).
/// </summary>
public static class UsMarket
{
    public static readonly TimeOnly Open = new(9, 30);
    public static readonly TimeOnly Close = new(16, 0);

    /// <summary>America/New_York from the system's time-zone database (tzdata).</summary>
    public static TimeZoneInfo Eastern { get; } = FindEastern();

    public static DateTime ToEastern(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Eastern).DateTime;

    /// <summary>The UTC instant of a naive US/Eastern wall-clock time (as Alpha Vantage reports them).</summary>
    public static DateTimeOffset FromEastern(DateTime easternWallClock)
    {
        var unspecified = DateTime.SpecifyKind(easternWallClock, DateTimeKind.Unspecified);
        var offset = Eastern.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    /// <summary>The Eastern calendar date of <paramref name="instant"/>.</summary>
    public static DateOnly TradingDay(DateTimeOffset instant) => DateOnly.FromDateTime(ToEastern(instant));

    /// <summary>The closing instant (16:00 Eastern) of <paramref name="day"/>, in UTC.</summary>
    public static DateTimeOffset CloseOf(DateOnly day) => FromEastern(day.ToDateTime(Close));

    /// <summary>Whether the regular session is open at <paramref name="instant"/>.</summary>
    public static bool IsOpen(DateTimeOffset instant)
    {
        var eastern = ToEastern(instant);
        if (eastern.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return false;
        }

        var time = TimeOnly.FromDateTime(eastern);
        return time >= Open && time < Close;
    }

    private static TimeZoneInfo FindEastern()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        }
        catch (TimeZoneNotFoundException ex)
        {
            throw new InvalidOperationException("The time-zone database has no America/New_York: install tzdata (apt-get install tzdata).", ex);
        }
    }
}
