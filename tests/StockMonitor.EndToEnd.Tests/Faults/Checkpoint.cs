using System.Globalization;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2.Model;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Testing;

namespace StockMonitor.EndToEnd.Tests.Faults;

/// <summary>
/// What the system holds, checked from the outside against what was put and acknowledged: each quote counted once in
/// its symbol's minute bars (pricing's bars table), the newest quote's price latest (pricing's latest table), each quote
/// one row of the lake (every Parquet object read through the S3 API, no deduplication), and each acknowledged portfolio
/// command once in the portfolio's events (its API).
/// </summary>
public sealed record Checkpoint(int BarsLost, int BarsDuplicated, int LatestWrong, int LakeLost, int LakeDuplicated, int CommandsLost, int CommandsDuplicated)
{
    public bool Exact => this == new Checkpoint(0, 0, 0, 0, 0, 0, 0);

    public override string ToString() =>
        $"bars lost {BarsLost} duplicated {BarsDuplicated}, latest wrong {LatestWrong}, lake lost {LakeLost} duplicated {LakeDuplicated}, commands lost {CommandsLost} duplicated {CommandsDuplicated}";

    /// <summary>Reads the system's state; <paramref name="lake"/> caches the rows of objects already read (by key and ETag).</summary>
    public static async Task<Checkpoint> TakeAsync(FaultSystem system, IReadOnlyList<Quote> quotes, HashSet<decimal> acknowledged, CommandRecorder commands, Dictionary<string, List<string>> lake)
    {
        var bySymbol = quotes.GroupBy(q => q.Symbol).ToDictionary(g => g.Key, g => g.ToList());
        var bars = await PricingTables.BarCountsAsync(system.DynamoDb, system.Resources.QuoteBarsTable, "#1m");
        var barsLost = bySymbol.Sum(s => Math.Max(0, s.Value.Count - bars.GetValueOrDefault(s.Key)));
        var barsDuplicated = bars.Where(b => QuoteFeed.IsOurs(b.Key)).Sum(b => Math.Max(0, b.Value - (bySymbol.TryGetValue(b.Key, out var put) ? put.Count : 0)));

        var latest = await LatestPricesAsync(system);
        var latestWrong = bySymbol.Count(s => latest.GetValueOrDefault(s.Key) != s.Value.MaxBy(q => q.ObservedAt)!.Price);

        var rows = await LakeRowsAsync(system, lake);
        var expected = quotes.Select(q => QuoteFeed.Key(q.Symbol, q.ObservedAt)).ToHashSet();
        var inLake = rows.ToHashSet();
        var lakeLost = expected.Count(k => !inLake.Contains(k));
        var lakeDuplicated = rows.Count - inLake.Count + inLake.Count(k => !expected.Contains(k));

        var recorded = await commands.RecordedAsync();
        var commandsLost = acknowledged.Count(a => !recorded.ContainsKey(a));
        var commandsDuplicated = recorded.Values.Sum(c => c - 1);
        return new Checkpoint(barsLost, barsDuplicated, latestWrong, lakeLost, lakeDuplicated, commandsLost, commandsDuplicated);
    }

    private static async Task<Dictionary<string, decimal>> LatestPricesAsync(FaultSystem system)
    {
        var prices = new Dictionary<string, decimal>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await system.DynamoDb.ScanAsync(new ScanRequest { TableName = system.Resources.QuotesLatestTable, ExclusiveStartKey = start, ConsistentRead = true });
            foreach (var item in page.Items.Where(i => QuoteFeed.IsOurs(i["symbol"].S) && i.ContainsKey("price")))
            {
                prices[item["symbol"].S] = decimal.Parse(item["price"].N, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } key ? key : null;
        }
        while (start is not null);

        return prices;
    }

    /// <summary>One key (symbol and observed time) per lake row of the suite's symbols, object by object.</summary>
    private static Task<List<string>> LakeRowsAsync(FaultSystem system, Dictionary<string, List<string>> cache) =>
        LakeIdentities.ReadAsync<LakeRow, string>(
            system.S3,
            system.Resources.LakeBucket,
            rows => rows
                .Where(r => QuoteFeed.IsOurs(r.Symbol))
                .Select(r => QuoteFeed.Key(r.Symbol, new DateTimeOffset(DateTime.SpecifyKind(r.ObservedAt, DateTimeKind.Utc)))),
            cache);

    /// <summary>The two columns read (as Athena would read the lake, not through the archive's own types).</summary>
    private sealed class LakeRow
    {
        [Parquet.Serialization.Attributes.ParquetRequired]
        [JsonPropertyName("symbol")]
        public string Symbol { get; set; } = "";

        [Parquet.Serialization.Attributes.ParquetTimestamp(Parquet.Serialization.Attributes.ParquetTimestampResolution.Milliseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
        [JsonPropertyName("observed_at")]
        public DateTime ObservedAt { get; set; }
    }
}
