using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace StockMonitor.Lake;

/// <summary>One row of the lake's <c>quotes</c> table (Parquet; snake_case columns for Athena).</summary>
public sealed class QuoteRow
{
    [ParquetRequired]
    [JsonPropertyName("symbol")]
    public string Symbol { get; set; } = "";

    [ParquetDecimal(18, 6)]
    [JsonPropertyName("price")]
    public decimal Price { get; set; }

    [JsonPropertyName("currency")]
    public string? Currency { get; set; }

    [ParquetDecimal(18, 6)]
    [JsonPropertyName("open")]
    public decimal? Open { get; set; }

    [ParquetDecimal(18, 6)]
    [JsonPropertyName("high")]
    public decimal? High { get; set; }

    [ParquetDecimal(18, 6)]
    [JsonPropertyName("low")]
    public decimal? Low { get; set; }

    [ParquetDecimal(18, 6)]
    [JsonPropertyName("previous_close")]
    public decimal? PreviousClose { get; set; }

    [ParquetDecimal(24, 6)]
    [JsonPropertyName("volume")]
    public decimal? Volume { get; set; }

    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    [JsonPropertyName("observed_at")]
    public DateTime ObservedAt { get; set; }

    [ParquetRequired]
    [JsonPropertyName("source")]
    public string Source { get; set; } = "";

    [ParquetRequired]
    [JsonPropertyName("stream_name")]
    public string StreamName { get; set; } = "";

    [ParquetRequired]
    [JsonPropertyName("shard_id")]
    public string ShardId { get; set; } = "";

    [ParquetRequired]
    [JsonPropertyName("sequence_number")]
    public string SequenceNumber { get; set; } = "";

    [ParquetTimestamp(ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    [JsonPropertyName("arrived_at")]
    public DateTime ArrivedAt { get; set; }
}
