using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Aws.Tests.Dynamo;

/// <summary><see cref="DynamoBatches"/> against dynalite: what it writes can be read back, item for item.</summary>
public class DynamoBatchesDynaliteTests : DynaliteTable
{
    [Fact]
    public async Task Written_items_are_read_back_exactly_across_several_calls()
    {
        var batches = new DynamoBatches(Infra.DynamoDb, TimeProvider.System);
        var items = Enumerable.Range(0, 130).Select(i =>
        {
            var item = Key($"s{i % 3}", i);
            item["price"] = DynamoNumber.Of(100.25m + i / 1000m);
            item["at"] = DynamoTime.Of(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero).AddTicks(i));
            return item;
        }).ToList();

        await batches.WriteAsync(items.Select(i => (Table, new WriteRequest(new PutRequest(i)))), callsInFlight: 4, CancellationToken.None);
        var keys = items.Select(i => Key(i["series"].S, int.Parse(i["bucket"].S, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        keys.Add(Key("missing", 0));
        var read = await batches.GetAsync(Table, keys, consistentRead: true, CancellationToken.None);

        Assert.Equal(130, read.Count);
        var byKey = read.ToDictionary(i => (i["series"].S, i["bucket"].S));
        Assert.All(items, item =>
        {
            var back = byKey[(item["series"].S, item["bucket"].S)];
            // The server keeps the number, not its text: 100.30 comes back as 100.3 (as on DynamoDB itself).
            Assert.Equal(DynamoNumber.Parse(item["price"]), DynamoNumber.Parse(back["price"]));
            Assert.Equal(item["at"].S, back["at"].S);
        });
    }
}
