using Amazon.DynamoDBv2.Model;
using StockMonitor.Aws.Dynamo;

namespace StockMonitor.Aws.Tests.Dynamo;

public class DynamoNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("187.4200")]
    [InlineData("-0.000001")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("0.0000000000000000000000000001")]
    public void Decimal_round_trips_exactly_with_its_scale(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var attribute = DynamoNumber.Of(value);
        var back = DynamoNumber.Parse(attribute);

        Assert.Equal(text, attribute.N);
        Assert.Equal(value, back);
        Assert.Equal(text, back.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_767_225_600_123L)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Int64_round_trips_exactly(long value)
    {
        var attribute = DynamoNumber.Of(value);

        Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), attribute.N);
        Assert.Equal(value, DynamoNumber.ParseInt64(attribute));
    }

    [Fact]
    public void Int32_is_stored_as_its_digits_and_read_back()
    {
        var attribute = DynamoNumber.Of(15);

        Assert.Equal("15", attribute.N);
        Assert.Equal(15, DynamoNumber.ParseInt32(attribute));
    }

    [Fact]
    public void Null_decimal_is_no_attribute()
    {
        Assert.Null(DynamoNumber.Of((decimal?)null));
        Assert.Equal("2.5", DynamoNumber.Of((decimal?)2.5m)!.N);
    }

    [Fact]
    public void Parse_reads_exponent_notation_as_DynamoDB_may_return_it()
    {
        Assert.Equal(1500m, DynamoNumber.Parse(new AttributeValue { N = "1.5E3" }));
    }
}
