using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Aws.Tests.Dynamo;

/// <summary>Paging against dynalite: pages end at the request's Limit or at 1 MB of items.</summary>
public class DynamoPagingTests : DynaliteTable
{
    [Fact]
    public async Task QueryItemsAsync_reads_every_page_of_a_partition_over_1_MB()
    {
        // 30 items of ~100 KB: DynamoDB ends a page at 1 MB, so the partition takes several pages.
        var padding = new string('x', 100_000);
        foreach (var bucket in Enumerable.Range(0, 30))
        {
            var item = Key("big", bucket);
            item["padding"] = new(padding);
            await Infra.DynamoDb.PutItemAsync(new PutItemRequest { TableName = Table, Item = item });
        }

        var firstPage = await Infra.DynamoDb.QueryAsync(Query("big"));
        var items = await Infra.DynamoDb.QueryItemsAsync(Query("big")).ToListAsync();

        Assert.True(firstPage.Items.Count < 30, $"The first page held all {firstPage.Items.Count} items: the test no longer pages.");
        Assert.NotEmpty(firstPage.LastEvaluatedKey);
        Assert.Equal(Enumerable.Range(0, 30).Select(b => b.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)), items.Select(i => i["bucket"].S));
    }

    [Fact]
    public async Task QueryItemsAsync_with_a_limit_reads_page_after_page_in_key_order()
    {
        await PutAsync("s", 7);
        await PutAsync("other", 3);
        var request = Query("s");
        request.Limit = 2;

        var items = await Infra.DynamoDb.QueryItemsAsync(request).ToListAsync();

        Assert.Equal(["000000", "000001", "000002", "000003", "000004", "000005", "000006"], items.Select(i => i["bucket"].S));
    }

    [Fact]
    public async Task QueryItemsAsync_stopped_early_reads_no_further_page()
    {
        await PutAsync("s", 7);
        var request = Query("s");
        request.Limit = 3;

        var items = await Infra.DynamoDb.QueryItemsAsync(request).Take(3).ToListAsync();

        Assert.Equal(3, items.Count);
        // The next page would have started after the third item; it was never asked for.
        Assert.Null(request.ExclusiveStartKey);
    }

    [Fact]
    public async Task ScanItemsAsync_with_a_limit_reads_every_item_of_the_table()
    {
        await PutAsync("a", 5);
        await PutAsync("b", 4);

        var items = await Infra.DynamoDb.ScanItemsAsync(new ScanRequest { TableName = Table, Limit = 2, ConsistentRead = true }).ToListAsync();

        Assert.Equal(9, items.Count);
        Assert.Equal(9, items.Select(i => (i["series"].S, i["bucket"].S)).Distinct().Count());
    }

    [Fact]
    public async Task ScanItemsAsync_of_an_empty_table_is_empty()
    {
        var items = await Infra.DynamoDb.ScanItemsAsync(new ScanRequest { TableName = Table }).ToListAsync();

        Assert.Empty(items);
    }

    private QueryRequest Query(string series) => new()
    {
        TableName = Table,
        KeyConditionExpression = "series = :series",
        ExpressionAttributeValues = new() { [":series"] = new(series) },
        ConsistentRead = true,
    };

    private async Task PutAsync(string series, int count)
    {
        foreach (var bucket in Enumerable.Range(0, count))
        {
            await Infra.DynamoDb.PutItemAsync(new PutItemRequest { TableName = Table, Item = Key(series, bucket) });
        }
    }
}
