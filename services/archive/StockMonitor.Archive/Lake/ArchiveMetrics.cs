using System.Diagnostics.Metrics;

namespace StockMonitor.Archive.Lake;

/// <summary>What an operator watches on the archive (meter <c>StockMonitor.Archive</c>).</summary>
public sealed class ArchiveMetrics
{
    public const string MeterName = "StockMonitor.Archive";

    private readonly Counter<long> archived;
    private readonly Counter<long> objects;
    private readonly Histogram<int> batchSize;
    private readonly Histogram<double> lag;

    public ArchiveMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        archived = meter.CreateCounter<long>("stockmonitor.archive.quotes_archived", "{quote}", "Quotes written to the lake (those it already held are not written again)");
        objects = meter.CreateCounter<long>("stockmonitor.archive.objects_written", "{object}", "Parquet objects written to the lake");
        batchSize = meter.CreateHistogram<int>("stockmonitor.archive.batch_size", "{quote}", "Quotes per consumed batch");
        lag = meter.CreateHistogram<double>("stockmonitor.archive.lake_lag", "s", "Object written minus the newest arrived_at in it (how late the lake is)");
    }

    public void BatchConsumed(int quotes) => batchSize.Record(quotes);

    /// <summary>An object written with <paramref name="rows"/> quotes, the newest of which arrived at <paramref name="newestArrivedAt"/>.</summary>
    public void ObjectWritten(int rows, DateTimeOffset newestArrivedAt, DateTimeOffset writtenAt)
    {
        objects.Add(1);
        archived.Add(rows);
        lag.Record(Math.Max(0, (writtenAt - newestArrivedAt).TotalSeconds));
    }
}
