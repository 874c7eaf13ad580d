using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

namespace StockMonitor.Pricing.Storage;

/// <summary>
/// Writes whole items to pricing's tables with BatchWriteItem (<see cref="DynamoBatches"/>): 25 puts per call (items of
/// both tables mixed), a few calls in flight, unprocessed items sent again. Puts of whole items need no condition: only
/// the owner of the quotes writes them (<see cref="Ownership.PricingLease"/>).
/// </summary>
public sealed class TableWriter(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources, TimeProvider? time = null)
{
    public const int ItemsPerCall = DynamoBatches.WritesPerCall;
    private const int CallsInFlight = 8;

    private readonly DynamoBatches batches = new(dynamoDb, time ?? TimeProvider.System);

    public enum Table
    {
        Latest,
        Bars,
    }

    public Task PutAsync(IReadOnlyList<(Table Table, Dictionary<string, AttributeValue> Item)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        return batches.WriteAsync(items.Select(i => (Name(i.Table), new WriteRequest(new PutRequest(i.Item)))), CallsInFlight, cancellationToken);
    }

    private string Name(Table table) => table == Table.Latest ? resources.Value.QuotesLatestTable : resources.Value.QuoteBarsTable;
}
