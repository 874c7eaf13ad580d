using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StockMonitor.Archive.Tests.Lake;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.Archive.Tests;

public class ArchiveServiceTests
{
    [Fact]
    public async Task Received_quotes_end_up_in_the_lake()
    {
        var infra = await TestInfrastructure.GetAsync();
        var resources = await infra.CreateResourcesAsync(shards: 1);
        var prefix = TestInfrastructure.UniqueName("ar");
        await using var bus = await TestBus.StartAsync(infra.Servers.RabbitMq, prefix);
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in infra.SettingsFor(resources, prefix))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Archive:MaxWait", "00:00:00.500");
        });
        using var client = factory.CreateClient();
        var observedAt = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

        var received = Enumerable.Range(0, 30)
            .Select(i => new QuoteReceived(
                new Quote("TSLA", 300m + i, "USD", null, null, null, null, null, observedAt.AddSeconds(i), "test"),
                "quotes",
                "shardId-000000000000",
                (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                observedAt.AddSeconds(i)))
            .ToList();
        foreach (var run in received.Chunk(10))
        {
            await bus.PublishQuotesAsync(run);
        }

        await Eventually.HoldsAsync(
            async () =>
            {
                var rows = 0;
                foreach (var key in await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket))
                {
                    rows += (await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, key)).Count;
                }

                return rows == 30;
            },
            "30 archived quotes");
        var keys = await LakeObjects.KeysAsync(infra.S3, resources.LakeBucket);
        Assert.All(keys, k => Assert.StartsWith("quotes/dt=2026-11-27/", k, StringComparison.Ordinal));
        var prices = new List<decimal>();
        foreach (var key in keys)
        {
            prices.AddRange((await LakeObjects.RowsAsync(infra.S3, resources.LakeBucket, key)).Select(r => r.Price));
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => 300m + i), prices.Order());
    }
}
