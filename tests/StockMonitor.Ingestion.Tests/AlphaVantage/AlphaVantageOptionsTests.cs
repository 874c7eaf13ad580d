using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Ingestion.AlphaVantage;

namespace StockMonitor.Ingestion.Tests.AlphaVantage;

public class AlphaVantageOptionsTests
{
    [Fact]
    public void Defaults_are_the_free_plan_on_the_public_endpoint()
    {
        var options = Resolve([]);

        Assert.Equal(new Uri("https://www.alphavantage.co"), options.BaseUrl);
        Assert.False(options.ParsedPlan.IsPremium);
        Assert.False(options.UseBulkQuotes);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromHours(6), options.UnknownSymbolPark);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ThrottleBackoff);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxThrottleBackoff);
        Assert.Null(options.ApiKey);
    }

    [Fact]
    public void Issue_variables_win_over_the_section()
    {
        var options = Resolve(new()
        {
            ["AlphaVantage:ApiKey"] = "FROMSECTION",
            ["AlphaVantage:BaseUrl"] = "http://section.example",
            ["AlphaVantage:Plan"] = "75",
            ["AlphaVantage:RequestTimeout"] = "00:00:03",
            ["ALPHAVANTAGE_API_KEY"] = "FROMVARIABLE",
            ["ALPHAVANTAGE_BASE_URL"] = "http://127.0.0.1:9/av",
            ["ALPHAVANTAGE_PLAN"] = "1200",
        });

        Assert.Equal("FROMVARIABLE", options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:9/av"), options.BaseUrl);
        Assert.Equal(1200, options.ParsedPlan.RequestsPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
    }

    [Fact]
    public void Premium_plan_turns_bulk_quotes_on_unless_set_off()
    {
        var premium = Resolve(new() { ["ALPHAVANTAGE_PLAN"] = "75" });
        var premiumWithoutBulk = Resolve(new() { ["ALPHAVANTAGE_PLAN"] = "75", ["AlphaVantage:BulkQuotes"] = "false" });

        Assert.True(premium.UseBulkQuotes);
        Assert.False(premiumWithoutBulk.UseBulkQuotes);
    }

    [Theory]
    [InlineData("ALPHAVANTAGE_PLAN", "gold", "ALPHAVANTAGE_PLAN")]
    [InlineData("ALPHAVANTAGE_PLAN", "-5", "ALPHAVANTAGE_PLAN")]
    [InlineData("ALPHAVANTAGE_BASE_URL", "not a url", "ALPHAVANTAGE_BASE_URL")]
    [InlineData("ALPHAVANTAGE_BASE_URL", "ftp://example.com", "ALPHAVANTAGE_BASE_URL")]
    [InlineData("AlphaVantage:RequestTimeout", "00:00:00", "RequestTimeout")]
    [InlineData("AlphaVantage:BulkQuotes", "true", "BulkQuotes needs a premium key")]
    [InlineData("AlphaVantage:BulkBatchSize", "101", "BulkBatchSize")]
    [InlineData("AlphaVantage:MaxThrottleBackoff", "00:00:10", "ThrottleBackoff")]
    [InlineData("AlphaVantage:MaxFailureBackoff", "00:00:00.500", "FailureBackoff")]
    [InlineData("AlphaVantage:BulkRetryInterval", "00:00:00", "BulkRetryInterval")]
    [InlineData("AlphaVantage:MinSymbolInterval", "-00:00:01", "MinSymbolInterval")]
    public void Invalid_setting_is_refused_naming_it(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_plan_bucket_gives_25_requests_a_day_one_at_a_time()
    {
        var time = new FakeTimeProvider();
        var bucket = AlphaVantagePlan.Free.CreateBucket(time);

        var atStart = Enumerable.Range(0, 30).Count(_ => bucket.TryTake());
        var waits = new List<TimeSpan>();
        for (var request = 1; request < 25; request++)
        {
            waits.Add(bucket.TimeUntilAvailable());
            time.Advance(waits[^1]);
            Assert.True(bucket.TryTake());
            Assert.False(bucket.TryTake());
        }

        Assert.Equal(1, atStart);
        Assert.All(waits, w => Assert.Equal(TimeSpan.FromDays(1) / 25, w));
    }

    [Fact]
    public void Premium_plan_bucket_gives_its_requests_a_minute_evenly_with_no_burst()
    {
        var time = new FakeTimeProvider();
        Assert.True(AlphaVantagePlan.TryParse("75", out var plan));
        var bucket = plan.CreateBucket(time);

        var atStart = Enumerable.Range(0, 100).Count(_ => bucket.TryTake());
        var perSecond = new List<int>();
        for (var second = 0; second < 60; second++)
        {
            var taken = 0;
            for (var step = 0; step < 10; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(100));
                taken += bucket.TryTake() ? 1 : 0;
            }

            perSecond.Add(taken);
        }

        Assert.Equal(1, atStart);
        Assert.Equal(75, perSecond.Sum());
        Assert.All(perSecond, n => Assert.InRange(n, 1, 2));
    }

    private static AlphaVantageOptions Resolve(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddAlphaVantage();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<AlphaVantageOptions>>().Value;
    }
}
