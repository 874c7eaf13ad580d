namespace StockMonitor.ServiceDefaults;

/// <summary>
/// The retry every consumer gets from the shared bus set-up (section <c>Bus:Retry</c>): exponential back-off from
/// <see cref="MinInterval"/> up to <see cref="MaxInterval"/>, <see cref="Limit"/> times, the message waiting
/// unacknowledged meanwhile; then it goes to the consumer's <c>_error</c> queue (see <c>./stockmonitor errors</c>).
/// </summary>
public sealed class BusRetryOptions
{
    public const string SectionName = "Bus:Retry";

    /// <summary>Retries after the first attempt (10 by default: about 8 minutes with the default intervals).</summary>
    public int Limit { get; set; } = 10;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The step that doubles with each retry (1 s, 2 s, 4 s, … on top of <see cref="MinInterval"/>).</summary>
    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromSeconds(1);
}
