using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws.Dynamo;

/// <summary>Numbers as DynamoDB <c>N</c> attributes, invariant culture both ways (decimal, never binary floating point).</summary>
public static class DynamoNumber
{
    public static AttributeValue Of(decimal value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Of(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Null for null: the attribute is left out (or removed).</summary>
    public static AttributeValue? Of(decimal? value) => value is { } v ? Of(v) : null;

    public static decimal Parse(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return decimal.Parse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static long ParseInt64(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return long.Parse(value.N, CultureInfo.InvariantCulture);
    }

    public static int ParseInt32(AttributeValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return int.Parse(value.N, CultureInfo.InvariantCulture);
    }
}
