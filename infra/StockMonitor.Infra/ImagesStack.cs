using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Constructs;

namespace StockMonitor.Infra;

/// <summary>One ECR repository per service image, <c>stockmonitor/&lt;service&gt;</c> (Grafana runs the official image).</summary>
public sealed class ImagesStack : Stack
{
    public const string DefaultId = "StockMonitorImages";

    public const string RepositoryPrefix = "stockmonitor/";

    /// <summary>Old images beyond this many are expired: enough to roll back weeks of deploys.</summary>
    public const int KeptImages = 50;

    /// <summary>The services built into images (the Dockerfile's projects; the eks overlay's <c>images</c>).</summary>
    public static IReadOnlyList<string> Services { get; } = ["portfolio", "pricing", "ingestion", "bridge", "archive", "dashboard"];

    public ImagesStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        Repositories = Services.ToDictionary(
            s => s,
            s => Explicit(new Repository(this, InfraNames.Pascal(s) + "Repository", new RepositoryProps
            {
                RepositoryName = RepositoryPrefix + s,
                ImageScanOnPush = true,
                Encryption = RepositoryEncryption.AES_256,
                // Mutable: the overlay's default tag is `latest`; deploys should still use commit tags (k8s/README.md).
                ImageTagMutability = TagMutability.MUTABLE,
                LifecycleRules = [new LifecycleRule { Description = $"keep the newest {KeptImages} images", MaxImageCount = KeptImages }],
                RemovalPolicy = RemovalPolicy.RETAIN,
            })),
            StringComparer.Ordinal);

        _ = new CfnOutput(this, "ImageRegistry", new CfnOutputProps
        {
            Value = Fn.Join("", [Amazon.CDK.Aws.ACCOUNT_ID, ".dkr.ecr.", Amazon.CDK.Aws.REGION, ".", Amazon.CDK.Aws.URL_SUFFIX]),
            Description = "The registry of the repositories (images are <registry>/stockmonitor/<service>)",
        });
    }

    public IReadOnlyDictionary<string, Repository> Repositories { get; }

    /// <summary>The CDK leaves AES256 (ECR's default) out of the template; written out, the template says what it gets.</summary>
    private static Repository Explicit(Repository repository)
    {
        ((CfnRepository)repository.Node.DefaultChild!).AddPropertyOverride("EncryptionConfiguration.EncryptionType", "AES256");
        return repository;
    }
}
