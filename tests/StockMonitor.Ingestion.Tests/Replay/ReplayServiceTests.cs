using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StockMonitor.Testing;

namespace StockMonitor.Ingestion.Tests.Replay;

/// <summary>The service with only the replay configured: the sample file reaches Kinesis exactly, the simulator stays off.</summary>
public class ReplayServiceTests
{
    [Fact]
    public async Task Replaying_the_sample_file_puts_every_row_on_the_stream_with_its_recorded_time()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 2);
        var file = Path.Combine(ServiceProcess.RepositoryRoot(), "samples", "replay", "us-large-caps-1m.csv");
        var expected = File.ReadAllLines(file).Skip(1).Count(l => l.Length > 0);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, TestInfrastructure.UniqueName("rp")))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Replay:File", file);
            builder.UseSetting("Replay:Speed", "0");
            builder.UseSetting("Replay:ShiftToNow", "false");
        });
        using var client = factory.CreateClient();

        await Eventually.HoldsAsync(async () => (await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream)).Count >= expected, $"{expected} replayed quotes");

        var quotes = (await StreamReader.ReadAllAsync(infra.Kinesis, resources.QuoteStream)).Select(q => q.Quote).ToList();
        Assert.Equal(expected, quotes.Count);
        Assert.All(quotes, q => Assert.Equal("replay", q.Source));
        Assert.Equal(["AAPL", "MSFT", "NVDA"], quotes.Select(q => q.Symbol).Distinct().Order(StringComparer.Ordinal));
        var firstAapl = quotes.Where(q => q.Symbol == "AAPL").MinBy(q => q.ObservedAt)!;
        Assert.Equal((new DateTimeOffset(2026, 11, 27, 14, 30, 0, TimeSpan.Zero), 189.48m, 32337m), (firstAapl.ObservedAt, firstAapl.Price, firstAapl.Volume));
    }
}
