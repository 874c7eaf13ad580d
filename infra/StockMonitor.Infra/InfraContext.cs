using System.Globalization;
using System.Text.RegularExpressions;
using Constructs;

namespace StockMonitor.Infra;

/// <summary>
/// The CDK context values the app reads (<c>cdk deploy -c lakeBucket=my-lake</c>, or <c>"context"</c> in cdk.json),
/// each with the default the services use.
/// </summary>
public static partial class InfraContext
{
    /// <summary>The lake bucket's name (the services' <c>Resources__LakeBucket</c>).</summary>
    public const string LakeBucketKey = "lakeBucket";

    /// <summary>The most bytes one Athena query of the workgroup may scan before Athena cancels it.</summary>
    public const string BytesScannedCutoffPerQueryKey = "athenaBytesScannedCutoffPerQuery";

    /// <summary>The IAM OIDC provider of the EKS cluster whose service accounts assume the services' roles (IRSA).</summary>
    public const string EksOidcProviderArnKey = "eksOidcProviderArn";

    /// <summary>The Kubernetes namespace of the service accounts.</summary>
    public const string NamespaceKey = "k8sNamespace";

    public const string DefaultNamespace = "stockmonitor";

    /// <summary>
    /// A well-formed provider ARN of no real cluster: <c>./stockmonitor synth</c> and the tests synthesize with it. A deploy
    /// must name the real provider, so the context value has no default.
    /// </summary>
    public const string ExampleEksOidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

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

    /// <summary>The provider's ARN and its issuer (the ARN after <c>oidc-provider/</c>, the prefix of the trust policy's condition keys).</summary>
    public static (string Arn, string Issuer) EksOidcProvider(Construct scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var value = Text(scope, EksOidcProviderArnKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException(
                $"Context {EksOidcProviderArnKey} is required: the IAM OIDC provider of the EKS cluster, e.g. -c {EksOidcProviderArnKey}=arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id> " +
                $"(aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer). ./stockmonitor synth passes an example value.",
                nameof(scope));
        }

        var match = OidcProviderArn().Match(value);
        if (!match.Success)
        {
            throw new ArgumentException($"Context {EksOidcProviderArnKey} must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<issuer>); got '{value}'.", nameof(scope));
        }

        return (value, match.Groups["issuer"].Value);
    }

    public static string Namespace(Construct scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var value = Text(scope, NamespaceKey);
        return string.IsNullOrWhiteSpace(value) ? DefaultNamespace : value;
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/(?<issuer>[^\s/]+(/[^\s/]+)*)$")]
    private static partial Regex OidcProviderArn();

    private static string? Text(Construct scope, string key) => scope.Node.TryGetContext(key) switch
    {
        null => null,
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}
