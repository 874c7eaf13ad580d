using System.Globalization;
using StockMonitor.Ingestion.RateLimiting;

namespace StockMonitor.Ingestion.AlphaVantage;

/// <summary>
/// What an Alpha Vantage key may do: <c>free</c> (25 requests a day) or premium with a number of requests a
/// minute (75 to 1,200 at the time of writing).
/// </summary>
public sealed record AlphaVantagePlan(int? RequestsPerMinute)
{
    public const int FreeRequestsPerDay = 25;

    public static AlphaVantagePlan Free { get; } = new((int?)null);

    public bool IsPremium => RequestsPerMinute is not null;

    /// <summary>Parses <c>free</c> (any case) or a positive number of requests per minute.</summary>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AlphaVantagePlan? plan)
    {
        var text = value?.Trim();
        if (string.Equals(text, "free", StringComparison.OrdinalIgnoreCase))
        {
            plan = Free;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var perMinute) && perMinute is > 0 and <= 100_000)
        {
            plan = new AlphaVantagePlan(perMinute);
            return true;
        }

        plan = null;
        return false;
    }

    /// <summary>
    /// The bucket every request of the key draws from: free 25 a day, premium N a minute, one token at a time, so the
    /// requests are spread evenly (one every 1/N minute) rather than a period's allowance spent at once, at start or
    /// after a pause; Alpha Vantage throttles bursts even within the plan's rate.
    /// </summary>
    public TokenBucket CreateBucket(TimeProvider time) => RequestsPerMinute is { } n
        ? new TokenBucket(1, n, TimeSpan.FromMinutes(1), time)
        : new TokenBucket(1, FreeRequestsPerDay, TimeSpan.FromDays(1), time);

    public override string ToString() => RequestsPerMinute is { } n ? $"premium ({n.ToString(CultureInfo.InvariantCulture)} requests/minute)" : "free (25 requests/day)";
}
