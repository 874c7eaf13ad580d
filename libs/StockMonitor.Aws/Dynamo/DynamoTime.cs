using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace StockMonitor.Aws.Dynamo;

/// <summary>
/// Times as DynamoDB strings: ISO-8601 UTC with a fixed seven-digit fraction, so that string order is time
/// order and conditional writes can compare them.
/// </summary>
public static class DynamoTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToAttribute(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The time as an <c>S</c> attribute (<see cref="ToAttribute"/>).</summary>
    public static AttributeValue Of(DateTimeOffset value) => new(ToAttribute(value));

    /// <summary>Reads any ISO-8601 time (a time without an offset is UTC).</summary>
    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
