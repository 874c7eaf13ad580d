using Amazon.DynamoDBv2;

namespace StockMonitor.Aws.Tests;

public class TableDefinitionsTests
{
    [Fact]
    public void Every_table_name_of_AwsResources_has_exactly_one_definition()
    {
        // Arrange
        var resources = new AwsResources();
        var tableNames = typeof(AwsResources).GetProperties()
            .Where(p => p.Name.EndsWith("Table", StringComparison.Ordinal))
            .Select(p => (string)p.GetValue(resources)!)
            .Order(StringComparer.Ordinal);

        // Act
        var defined = TableDefinitions.All.Select(t => t.Name(resources)).Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(tableNames, defined);
    }

    [Fact]
    public void CreateRequest_is_on_demand_with_string_keys_hash_then_range()
    {
        // Act
        var request = TableDefinitions.QuoteBarsTable.CreateRequest("bars");

        // Assert
        Assert.Equal("bars", request.TableName);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, request.BillingMode);
        Assert.Equal([("series", "HASH"), ("bucket", "RANGE")], request.KeySchema.Select(k => (k.AttributeName, k.KeyType.Value)));
        Assert.Equal([("series", "S"), ("bucket", "S")], request.AttributeDefinitions.Select(a => (a.AttributeName, a.AttributeType.Value)));
        Assert.Equal(TableDefinitions.BarsTtlAttribute, TableDefinitions.QuoteBarsTable.TimeToLiveAttribute);
    }
}
