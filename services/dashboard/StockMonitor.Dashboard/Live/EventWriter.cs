using System.Globalization;
using System.Text;

namespace StockMonitor.Dashboard.Live;

/// <summary>Writes Server-Sent Events (<c>event:</c> and <c>data:</c> lines, a blank line after each) to a response.</summary>
public sealed class EventWriter(HttpResponse response, DashboardMetrics metrics)
{
    public Task WriteRetryAsync(TimeSpan retry, CancellationToken cancellationToken) =>
        response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"retry: {(long)retry.TotalMilliseconds}\n\n"), cancellationToken);

    public async Task WriteAsync(LiveEvent liveEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(liveEvent);
        var text = new StringBuilder("event: ").Append(liveEvent.Name).Append('\n');
        // One data line per line of the payload (the JSON written here has none, but a pass-through body might).
        foreach (var line in liveEvent.Data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        await response.WriteAsync(text.Append('\n').ToString(), cancellationToken);
        metrics.EventSent(liveEvent.Name);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => response.Body.FlushAsync(cancellationToken);
}
