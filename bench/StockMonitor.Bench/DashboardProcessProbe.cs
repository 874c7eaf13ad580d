using System.Globalization;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// What the dashboard process measures itself: the histogram of <c>stockmonitor.dashboard.price.delay</c> on its
/// <c>/metrics</c> (PriceChanged received → written and flushed to a browser's stream), as cumulative bucket counts.
/// </summary>
internal static class DashboardProcessProbe
{
    private const string Metric = "stockmonitor_dashboard_price_delay_milliseconds_bucket";

    /// <summary>Cumulative count per upper bound (ms), <c>+Inf</c> as <see cref="double.PositiveInfinity"/>.</summary>
    public static async Task<SortedDictionary<double, double>> DelayBucketsAsync(ServiceProcess dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        using var http = new HttpClient { BaseAddress = dashboard.BaseAddress };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var buckets = new SortedDictionary<double, double>();
        foreach (var line in text.Split('\n').Where(l => l.StartsWith(Metric + "{", StringComparison.Ordinal)))
        {
            var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
            le = le[..le.IndexOf('"', StringComparison.Ordinal)];
            var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
            var count = double.Parse(line[(line.IndexOf('}', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            buckets[bound] = buckets.GetValueOrDefault(bound) + count;
        }

        return buckets;
    }

    /// <summary>The smallest bucket bound under which <paramref name="p"/> of the deliveries between two readings fell.</summary>
    public static double Percentile(SortedDictionary<double, double> before, SortedDictionary<double, double> after, double p)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var total = after.GetValueOrDefault(double.PositiveInfinity) - before.GetValueOrDefault(double.PositiveInfinity);
        foreach (var (bound, count) in after)
        {
            if (total > 0 && count - before.GetValueOrDefault(bound) >= p * total)
            {
                return bound;
            }
        }

        return double.NaN;
    }
}
