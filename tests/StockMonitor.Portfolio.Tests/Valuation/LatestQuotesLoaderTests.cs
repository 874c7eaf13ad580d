using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Valuation;

public class LatestQuotesLoaderTests
{
    [Fact]
    public async Task Stop_after_dispose_returns_quietly()
    {
        // WebApplicationFactory stops the host again after app.Run has stopped and disposed it.
        using var dynamoDb = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9" });
        var loader = new LatestQuotesLoader(dynamoDb, Options.Create(new AwsResources()), new LivePrices(), NullLogger<LatestQuotesLoader>.Instance);
        await loader.StopAsync(CancellationToken.None);
        loader.Dispose();

        var exception = await Record.ExceptionAsync(() => loader.StopAsync(CancellationToken.None));

        Assert.Null(exception);
    }
}
