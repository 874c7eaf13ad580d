namespace StockMonitor.Bench;

/// <summary>What the benchmark reads of a latest-table item: the quote it holds and how many ticks its statistics cover.</summary>
internal sealed record LatestRow(string Symbol, DateTimeOffset ObservedAt, decimal? Price, int? StatsQuoteCount);
