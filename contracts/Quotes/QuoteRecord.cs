using System.Text.Json.Serialization;

namespace StockMonitor.Contracts.Quotes;

/// <summary>The JSON shape of a <c>quote.v1</c> Kinesis record, exactly as it travels on the stream.</summary>
internal sealed class QuoteRecord
{
    public string? Schema { get; set; }
    public string? Symbol { get; set; }
    public decimal? Price { get; set; }
    public string? Currency { get; set; }
    public decimal? Open { get; set; }
    public decimal? High { get; set; }
    public decimal? Low { get; set; }
    public decimal? PreviousClose { get; set; }
    public decimal? Volume { get; set; }
    public string? ObservedAt { get; set; }
    public string? Source { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(QuoteRecord))]
internal sealed partial class QuoteRecordJsonContext : JsonSerializerContext;
