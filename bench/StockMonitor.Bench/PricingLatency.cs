using System.Globalization;

namespace StockMonitor.Bench;

/// <summary>What one round of <see cref="PricingLatencyBenchmark"/> measured.</summary>
internal sealed record PricingLatency(
    int TargetRate,
    int Symbols,
    double Rate,
    int Samples,
    double ConsumerP50,
    double ConsumerP99,
    double LatestP50,
    double LatestP99,
    double LatestMax,
    double ShareP50,
    double ShareP99,
    double PollPeriod,
    double ScanDuration,
    double BatchSize,
    double BatchP50,
    double BatchP90,
    double CallsPerQuote,
    double MeanCall,
    int Regressions,
    int Warnings)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Samples:N0} quotes over {Symbols:N0} symbols at {Rate:N0}/s; put → test consumer p50 {ConsumerP50:0} ms, p99 {ConsumerP99:0} ms; put → latest table p50 {LatestP50:0} ms, p99 {LatestP99:0} ms, max {LatestMax:0} ms; test consumer → latest table p50 {ShareP50:0} ms, p99 {ShareP99:0} ms; "
        + $"scan every {PollPeriod:0} ms ({ScanDuration:0} ms each); batches {BatchSize:0} quotes, p50 {BatchP50:0} ms, p90 {BatchP90:0} ms; {CallsPerQuote:0.000} DynamoDB calls per quote, {MeanCall:0.0} ms each; "
        + $"{Regressions} regressions, {Warnings} warnings");

    public void AddTo(BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var run = string.Create(CultureInfo.InvariantCulture, $"[{TargetRate:N0}/s, {Symbols:N0} symbols]");
        result.Add($"{run} put rate achieved", "quotes/s", Rate);
        result.Add($"{run} put returned → its QuotesReceived at a test consumer, p50", "ms", ConsumerP50);
        result.Add($"{run} put returned → its QuotesReceived at a test consumer, p99", "ms", ConsumerP99);
        result.Add($"**{run} put returned → latest table shows it, p50**", "ms", LatestP50);
        result.Add($"**{run} put returned → latest table shows it, p99** (goal ≤ 500 ms at 1,000/s)", "ms", LatestP99);
        result.Add($"{run} put returned → latest table shows it, max", "ms", LatestMax);
        result.Add($"{run} its QuotesReceived at the test consumer → latest table shows it (pricing + the scan period), p50", "ms", ShareP50);
        result.Add($"{run} its QuotesReceived at the test consumer → latest table shows it (pricing + the scan period), p99", "ms", ShareP99);
        result.Add($"{run} latest-table scan period (scan + 25 ms pause)", "ms", PollPeriod);
        result.Add($"{run} pricing batches, median size (last ≤ 200)", "quotes", BatchSize);
        result.Add($"{run} pricing batch duration, p50", "ms", BatchP50);
        result.Add($"{run} pricing batch duration, p90", "ms", BatchP90);
        result.Add($"**{run} pricing DynamoDB calls per quote** (goal ≤ 0.1 at 1,000/s over 100 symbols)", "", CallsPerQuote);
        result.Add($"{run} pricing mean DynamoDB call", "ms", MeanCall);
    }
}
