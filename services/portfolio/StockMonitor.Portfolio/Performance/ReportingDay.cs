namespace StockMonitor.Portfolio.Performance;

/// <summary>Where a calendar day begins in a time zone, as a UTC instant.</summary>
internal static class ReportingDay
{
    public static DateTimeOffset Start(DateOnly date, TimeZoneInfo zone)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(midnight))
        {
            // Clocks jumped over midnight: the day begins at the jump, which is midnight at the offset in force before it.
            offset = zone.GetUtcOffset(midnight.AddDays(-1));
        }
        else if (zone.IsAmbiguousTime(midnight))
        {
            // Midnight happened twice: the day begins at the first one, the one with the larger offset.
            offset = zone.GetAmbiguousTimeOffsets(midnight).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(midnight);
        }

        return new DateTimeOffset(DateTime.SpecifyKind(midnight - offset, DateTimeKind.Utc));
    }
}
