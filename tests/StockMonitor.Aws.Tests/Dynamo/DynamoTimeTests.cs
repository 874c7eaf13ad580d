using System.Globalization;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Aws.Tests.Dynamo;

public class DynamoTimeTests
{
    [Fact]
    public void Time_is_stored_as_UTC_with_seven_fraction_digits()
    {
        var at = new DateTimeOffset(2026, 12, 3, 14, 30, 5, TimeSpan.FromHours(2)).AddTicks(1234567);

        Assert.Equal("2026-12-03T12:30:05.1234567Z", DynamoTime.ToAttribute(at));
        Assert.Equal("2026-12-03T12:30:05.1234567Z", DynamoTime.Of(at).S);
    }

    [Fact]
    public void Time_round_trips_to_the_tick_in_UTC()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(9);

        var back = DynamoTime.Parse(DynamoTime.ToAttribute(at));

        Assert.Equal(at, back);
        Assert.Equal(at.UtcTicks, back.UtcTicks);
        Assert.Equal(TimeSpan.Zero, back.Offset);
    }

    [Fact]
    public void String_order_is_time_order()
    {
        var times = Enumerable.Range(0, 50).Select(i => new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(i * 9_999_991L)).ToList();

        var byText = times.OrderBy(DynamoTime.ToAttribute, StringComparer.Ordinal).ToList();

        Assert.Equal(times, byText);
    }

    [Fact]
    public void Format_is_the_round_trip_format_of_a_UTC_time()
    {
        // The symbol universe stored "O" of the UTC time before it used DynamoTime: the two must agree.
        var at = new DateTimeOffset(2026, 7, 4, 9, 8, 7, TimeSpan.Zero).AddTicks(42);

        Assert.Equal(at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), DynamoTime.ToAttribute(at));
    }

    [Fact]
    public void Parse_reads_a_time_without_fraction_or_offset_as_UTC()
    {
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 7, 0, 0, TimeSpan.Zero), DynamoTime.Parse("2026-05-06T07:00:00Z"));
        Assert.Equal(new DateTimeOffset(2026, 5, 6, 7, 0, 0, TimeSpan.Zero), DynamoTime.Parse("2026-05-06T07:00:00"));
    }
}
