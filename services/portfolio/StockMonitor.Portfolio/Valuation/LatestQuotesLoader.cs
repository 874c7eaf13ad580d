using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

namespace StockMonitor.Portfolio.Valuation;

/// <summary>
/// Fills <see cref="LivePrices"/> from the latest-quotes table when the service starts, so a restart shows values at
/// once instead of waiting for the next <c>PriceChanged</c> of every symbol. A failure is logged and retried in
/// the background; the service starts anyway.
/// </summary>
public sealed partial class LatestQuotesLoader(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources, LivePrices prices, ILogger<LatestQuotesLoader> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstAttemptTimeout = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource stopping = new();
    private Task? retrying;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FirstAttemptTimeout);
        if (!await TryLoadAsync(timeout.Token))
        {
            retrying = RetryAsync(stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stopping.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Under WebApplicationFactory two stops of the host can overlap (the log shows "Hosting stopping" twice) and
            // the first disposes the host when it is done: it cancelled before disposing, so nothing is left to stop.
            return;
        }

        if (retrying is not null)
        {
            await retrying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

    }

    public void Dispose() => stopping.Dispose();

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(2);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested || await TryLoadAsync(cancellationToken))
            {
                return;
            }

            delay = TimeSpan.FromSeconds(Math.Min(60, delay.TotalSeconds * 2));
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var count = 0;
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await dynamoDb.ScanAsync(
                    new ScanRequest
                    {
                        TableName = resources.Value.QuotesLatestTable,
                        ProjectionExpression = "symbol, price, previousClose, observedAt",
                        ExclusiveStartKey = start,
                    },
                    cancellationToken);
                foreach (var item in page.Items ?? [])
                {
                    if (item.TryGetValue("price", out var price) && item.TryGetValue("observedAt", out var observedAt))
                    {
                        prices.Update(new LivePrice(
                            item["symbol"].S,
                            decimal.Parse(price.N, NumberStyles.Float, CultureInfo.InvariantCulture),
                            item.TryGetValue("previousClose", out var close) ? decimal.Parse(close.N, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                            DateTimeOffset.Parse(observedAt.S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
                        count++;
                    }
                }

                start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
            }
            while (start is not null);

            LogLoaded(count, resources.Value.QuotesLatestTable);
            return true;
        }
        catch (Exception ex) when (ex is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
        {
            LogFailed(ex, resources.Value.QuotesLatestTable);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} latest prices from {Table}")]
    private partial void LogLoaded(int count, string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read latest prices from {Table}; valuations use trade prices until PriceChanged arrives, retrying")]
    private partial void LogFailed(Exception exception, string table);
}
