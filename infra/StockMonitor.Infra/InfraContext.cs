using System.Globalization;
using Constructs;

namespace StockMonitor.Infra;

/// <summary>
/// The CDK context values the app reads (<c>cdk deploy -c lakeBucket=my-lake</c>, or <c>"context"</c> in cdk.json),
/// each with the default the services use.
/// </summary>
public static class InfraContext
{
    /// <summary>The lake bucket's name (the services' <c>Resources__LakeBucket</c>).</summary>
    public const string LakeBucketKey = "lakeBucket";

    /// <summary>The most bytes one Athena query of the workgroup may scan before Athena cancels it.</summary>
    public const string BytesScannedCutoffPerQueryKey = "athenaBytesScannedCutoffPerQuery";

    /// <summary>The lake bucket of the services' defaults (<c>AwsResources.LakeBucket</c>).</summary>
    public const string DefaultLakeBucket = "stockmonitor-lake";

    /// <summary>10 GiB: a day of quotes is a few MB, so only a runaway query (a cross join, no dt filter over years) gets near it.</summary>
    public const long DefaultBytesScannedCutoffPerQuery = 10L * 1024 * 1024 * 1024;

    /// <summary>Athena refuses a cutoff below 10 MB.</summary>
    public const long MinimumBytesScannedCutoffPerQuery = 10_000_000;

    public static string LakeBucket(Construct scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var value = Text(scope, LakeBucketKey);
        return string.IsNullOrWhiteSpace(value) ? DefaultLakeBucket : value;
    }

    public static long BytesScannedCutoffPerQuery(Construct scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var value = Text(scope, BytesScannedCutoffPerQueryKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultBytesScannedCutoffPerQuery;
        }

        // From the command line a context value is a string; from cdk.json it may be a number (possibly "1.0E10").
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) || bytes != Math.Floor(bytes) || bytes < MinimumBytesScannedCutoffPerQuery || bytes > long.MaxValue)
        {
            throw new ArgumentException($"Context {BytesScannedCutoffPerQueryKey} must be a whole number of bytes, at least {MinimumBytesScannedCutoffPerQuery}; got '{value}'.", nameof(scope));
        }

        return (long)bytes;
    }

    private static string? Text(Construct scope, string key) => scope.Node.TryGetContext(key) switch
    {
        null => null,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}
