using StockMonitor.Ingestion.Finnhub;
using StockMonitor.Ingestion.Providers;

namespace StockMonitor.Ingestion.Tests.Finnhub;

public class FinnhubReferenceParserTests
{
    // Friday 2026-11-27; 20:00 UTC is 15:00 in New York.
    private static readonly DateOnly Day = new(2026, 11, 27);
    private static readonly long DuringTheDay = new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly long DayBefore = new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void Parse_snapshot_of_the_day_gives_pc_as_previous_close_and_the_days_open_high_low_exactly()
    {
        var result = FinnhubReferenceParser.Parse(
            $$"""{"c":261.74,"d":-2.31,"dp":-0.8748,"h":263.31,"l":260.68,"o":261.07,"pc":264.05,"t":{{DuringTheDay}}}""", Day);

        Assert.Equal(new FinnhubDailyReference(Day, 264.05m, 261.07m, 263.31m, 260.68m), result.Reference);
        Assert.True(result.IsComplete);
        Assert.Null(result.FailureReason);
    }

    [Fact]
    public void Parse_snapshot_of_an_earlier_session_gives_its_close_as_previous_close_and_no_open_high_low()
    {
        var result = FinnhubReferenceParser.Parse(
            $$"""{"c":264.05,"d":1.1,"dp":0.41,"h":265,"l":262,"o":263,"pc":262.95,"t":{{DayBefore}}}""", Day);

        Assert.Equal(new FinnhubDailyReference(Day, 264.05m, null, null, null), result.Reference);
        Assert.False(result.IsComplete);
    }

    [Theory]
    [InlineData("""{"c":0,"d":null,"dp":null,"h":0,"l":0,"o":0,"pc":0,"t":0}""", FailureReason.UnknownSymbol)]
    [InlineData("<!DOCTYPE html><html><body>Bad gateway</body></html>", FailureReason.MalformedResponse)]
    [InlineData("", FailureReason.MalformedResponse)]
    [InlineData("[1,2]", FailureReason.MalformedResponse)]
    [InlineData("""{"c":261.74,"pc":264.05}""", FailureReason.MalformedResponse)]
    [InlineData("""{"c":261.74,"pc":264.05,"t":"yesterday"}""", FailureReason.MalformedResponse)]
    [InlineData("""{"c":261.74,"pc":0,"t":DAY}""", FailureReason.MalformedResponse)]
    [InlineData("""{"c":261.74,"pc":"264.05","t":DAY}""", FailureReason.MalformedResponse)]
    [InlineData("""{"c":0,"pc":262.95,"t":BEFORE}""", FailureReason.MalformedResponse)]
    [InlineData("""{"error":"You don't have access to this resource."}""", FailureReason.ProviderError)]
    public void Parse_unusable_answer_is_a_failure_with_its_reason(string body, string reason)
    {
        var result = FinnhubReferenceParser.Parse(
            body.Replace("DAY", DuringTheDay.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("BEFORE", DayBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            Day);

        Assert.Null(result.Reference);
        Assert.Equal(reason, result.FailureReason);
        Assert.False(string.IsNullOrWhiteSpace(result.Problem));
    }

    [Fact]
    public void Parse_zero_open_high_low_are_left_out_rather_than_passed_on()
    {
        var result = FinnhubReferenceParser.Parse($$"""{"c":10.5,"h":0,"l":0,"o":0,"pc":10.25,"t":{{DuringTheDay}}}""", Day);

        Assert.Equal(new FinnhubDailyReference(Day, 10.25m, null, null, null), result.Reference);
    }

    [Fact]
    public void SecondRequestTime_is_just_after_the_open_when_asked_before_it_on_a_weekday()
    {
        var beforeOpen = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero); // 07:00 in New York
        var afterOpen = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero); // 10:00 in New York

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 31, 0, TimeSpan.Zero), FinnhubReferenceFetcher.SecondRequestTime(Day, beforeOpen));
        Assert.Null(FinnhubReferenceFetcher.SecondRequestTime(Day, afterOpen));
        Assert.Null(FinnhubReferenceFetcher.SecondRequestTime(new DateOnly(2026, 11, 28), beforeOpen.AddDays(1)));
    }
}
