namespace StockMonitor.Ingestion.Publishing;

/// <summary>Settings of the Kinesis producer (section <c>Producer</c>).</summary>
public sealed class ProducerOptions
{
    public const string SectionName = "Producer";

    /// <summary>Records per PutRecords call (the API allows 500).</summary>
    public int MaxBatchRecords { get; set; } = 500;

    /// <summary>Bytes per PutRecords call, data plus partition keys (the API allows 5 MiB).</summary>
    public int MaxBatchBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long a partly filled batch waits for more records before it is sent.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Quotes held in memory before producers are made to wait (backpressure).</summary>
    public int BufferCapacity { get; set; } = 20_000;

    /// <summary>First retry delay; doubles per attempt, with full jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);
}
