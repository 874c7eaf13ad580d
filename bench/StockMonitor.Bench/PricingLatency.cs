using System.Globalization;

namespace StockMonitor.Bench;

/// <summary>What one round of <see cref="PricingLatencyBenchmark"/> measured.</summary>
internal sealed record PricingLatency(
    double Rate,
    int Samples,
    double ConsumerP50,
    double ConsumerP99,
    double LatestP50,
    double LatestP99,
    double LatestMax,
    double PollPeriod,
    double ScanDuration,
    double BatchSize,
    double BatchP50,
    double BatchP90,
    double CallsPerQuote,
    double MeanCall,
    int MaxTicksPerBar,
    int MaxBarBytes,
    int Regressions,
    int Warnings)
{
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Samples:N0} quotes at {Rate:N0}/s; put → test consumer p50 {ConsumerP50:0} ms, p99 {ConsumerP99:0} ms; put → latest table p50 {LatestP50:0} ms, p99 {LatestP99:0} ms, max {LatestMax:0} ms; "
        + $"scan every {PollPeriod:0} ms ({ScanDuration:0} ms each); batches {BatchSize:0} quotes, p50 {BatchP50:0} ms, p90 {BatchP90:0} ms; {CallsPerQuote:0.0} DynamoDB calls per quote, {MeanCall:0.0} ms each; "
        + $"largest 1m bar {MaxTicksPerBar} ticks, ~{MaxBarBytes / 1024.0:0} KB; {Regressions} regressions, {Warnings} warnings");

    public void AddTo(BenchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Add("latency run: put rate achieved (target 1,000/s for 20 s)", "quotes/s", Rate);
        result.Add("put returned → QuoteReceived at a test consumer, p50", "ms", ConsumerP50);
        result.Add("put returned → QuoteReceived at a test consumer, p99", "ms", ConsumerP99);
        result.Add("**put returned → latest table shows it, p50**", "ms", LatestP50);
        result.Add("**put returned → latest table shows it, p99** (goal ≤ 500 ms)", "ms", LatestP99);
        result.Add("put returned → latest table shows it, max", "ms", LatestMax);
        result.Add("latest-table scan period (scan + 25 ms pause)", "ms", PollPeriod);
        result.Add("latency run: pricing batches, median size (last ≤ 200)", "quotes", BatchSize);
        result.Add("latency run: pricing batch duration, p50", "ms", BatchP50);
        result.Add("latency run: pricing batch duration, p90", "ms", BatchP90);
        result.Add("latency run: pricing DynamoDB calls per quote", "", CallsPerQuote);
        result.Add("latency run: pricing mean DynamoDB call", "ms", MeanCall);
        result.Add("latency run: largest 1m bar item, ticks", "", MaxTicksPerBar);
        result.Add("latency run: largest 1m bar item, size", "KB", MaxBarBytes / 1024.0);
    }
}
