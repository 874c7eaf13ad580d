using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

namespace StockMonitor.Pricing.Storage;

/// <summary>
/// Writes whole items to pricing's tables with BatchWriteItem: 25 puts per call (items of both tables mixed), a few
/// calls in flight, unprocessed items (throttling) sent again with growing pauses. Puts of whole items need no
/// condition: only the owner of the quotes writes them (<see cref="Ownership.PricingLease"/>).
/// </summary>
public sealed class TableWriter(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    public const int ItemsPerCall = 25;
    private const int CallsInFlight = 8;

    public enum Table
    {
        Latest,
        Bars,
    }

    public async Task PutAsync(IReadOnlyList<(Table Table, Dictionary<string, AttributeValue> Item)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await Parallel.ForEachAsync(
            items.Chunk(ItemsPerCall),
            new ParallelOptions { MaxDegreeOfParallelism = CallsInFlight, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                var pending = chunk
                    .GroupBy(i => Name(i.Table))
                    .ToDictionary(g => g.Key, g => g.Select(i => new WriteRequest(new PutRequest(i.Item))).ToList());
                for (var attempt = 1; ; attempt++)
                {
                    var answer = await dynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, token);
                    if (answer.UnprocessedItems is not { Count: > 0 } unprocessed)
                    {
                        return;
                    }

                    pending = unprocessed;
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2_000, 20 * Math.Pow(2, Math.Min(attempt, 7))) * (0.5 + Random.Shared.NextDouble())), token);
                }
            });
    }

    private string Name(Table table) => table == Table.Latest ? resources.Value.QuotesLatestTable : resources.Value.QuoteBarsTable;
}
