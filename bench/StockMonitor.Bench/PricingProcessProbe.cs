using System.Globalization;
using System.Text.RegularExpressions;
using StockMonitor.Testing;

namespace StockMonitor.Bench;

/// <summary>
/// What a pricing process tells about its own work: how many HTTP calls it made to DynamoDB and how long they took
/// (the HttpClient histogram on its <c>/metrics</c>), and the batches it logged (size, duration).
/// </summary>
internal static partial class PricingProcessProbe
{
    /// <summary>Calls made to <paramref name="dynamoDb"/> so far and their total duration in seconds.</summary>
    public static async Task<(double Calls, double Seconds)> DynamoDbCallsAsync(ServiceProcess pricing, Uri dynamoDb)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        ArgumentNullException.ThrowIfNull(dynamoDb);
        using var http = new HttpClient { BaseAddress = pricing.BaseAddress };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var port = $"server_port=\"{dynamoDb.Port.ToString(CultureInfo.InvariantCulture)}\"";
        double Sum(string metric) => text.Split('\n')
            .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains(port, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.IndexOf('}', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        return (Sum("http_client_request_duration_seconds_count"), Sum("http_client_request_duration_seconds_sum"));
    }

    /// <summary>The batches the process logged at or after <paramref name="since"/> (its last 200 output lines only).</summary>
    public static List<(int Size, double Milliseconds)> Batches(ServiceProcess pricing, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        return pricing.RecentOutput.Split(Environment.NewLine)
            .Select(l => BatchLine().Match(l))
            .Where(m => m.Success && DateTimeOffset.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) >= since)
            .Select(m => (int.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Lines the process logged as warnings or errors among its last 200.</summary>
    public static int Warnings(ServiceProcess pricing) =>
        pricing.RecentOutput.Split(Environment.NewLine).Count(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal));

    [GeneratedRegex(@"^(?<at>\S+) dbug: StockMonitor\.Pricing\.Quotes\.QuoteRecorder\[\d+\] Recorded a batch of (?<size>\d+) quotes(?: \(\d+ items written\))? in (?<ms>\d+) ms")]
    private static partial Regex BatchLine();
}
