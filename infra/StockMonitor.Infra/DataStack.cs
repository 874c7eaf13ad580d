using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Kinesis;
using Amazon.CDK.AWS.S3;
using Constructs;
using StockMonitor.Aws;
using StockMonitor.Lake;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace StockMonitor.Infra;

/// <summary>
/// Where the system's data lives: the Kinesis quote stream, every DynamoDB table (names from <see cref="AwsResources"/>'s
/// defaults, keys and TTL from <see cref="TableDefinitions"/>) and the lake bucket (named by the <c>lakeBucket</c> context).
/// Everything is encrypted and kept when the stack is deleted.
/// </summary>
public sealed class DataStack : Stack
{
    public const string DefaultId = "StockMonitorData";

    /// <summary>A week: the bridge can be down over a long weekend and still read every quote from its checkpoint.</summary>
    public static readonly Duration QuoteStreamRetention = Duration.Hours(168);

    /// <summary>After a month an object's day is long past compaction (<c>Archive:CompactDays</c>) and rarely read.</summary>
    public static readonly Duration QuotesInfrequentAccessAfter = Duration.Days(30);

    /// <summary>Glacier Instant Retrieval: still read directly by Athena, cheaper to keep, dearer to read.</summary>
    public static readonly Duration QuotesGlacierInstantRetrievalAfter = Duration.Days(180);

    /// <summary>Rejected records and quarantined objects are for looking into a problem, not for keeping.</summary>
    public static readonly Duration SetAsideExpiration = Duration.Days(90);

    public DataStack(Construct scope, string id, IStackProps? props = null)
        : base(scope, id, props)
    {
        var names = new AwsResources();

        QuoteStream = new Amazon.CDK.AWS.Kinesis.Stream(this, "QuoteStream", new StreamProps
        {
            StreamName = names.QuoteStream,
            StreamMode = StreamMode.PROVISIONED,
            ShardCount = names.QuoteStreamShards,
            RetentionPeriod = QuoteStreamRetention,
            // The AWS managed key (alias/aws/kinesis): producers and consumers need no kms permission.
            Encryption = StreamEncryption.MANAGED,
        });

        Tables = TableDefinitions.All.ToDictionary(t => t.Id, t => NewTable(t, names), StringComparer.Ordinal);

        LakeBucket = new Bucket(this, "Lake", new BucketProps
        {
            BucketName = InfraContext.LakeBucket(this),
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            EnforceSSL = true,
            // Not versioned: objects are written once under content-derived keys, and the only deletes are compaction's
            // (members whose rows are in the merged object) and quarantine's moves; versions would keep every compacted
            // member at full price. Deletes are guarded by IAM instead: only the archive may delete, only under quotes/.
            Versioned = false,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "age-quotes",
                    Prefix = QuotesTable.Prefix,
                    Transitions =
                    [
                        new Transition { StorageClass = StorageClass.INFREQUENT_ACCESS, TransitionAfter = QuotesInfrequentAccessAfter },
                        new Transition { StorageClass = StorageClass.GLACIER_INSTANT_RETRIEVAL, TransitionAfter = QuotesGlacierInstantRetrievalAfter },
                    ],
                },
                new LifecycleRule { Id = "expire-dead-letters", Prefix = LakePrefixes.DeadLetters, Expiration = SetAsideExpiration },
                new LifecycleRule { Id = "expire-quarantine", Prefix = LakePrefixes.Quarantine, Expiration = SetAsideExpiration },
                new LifecycleRule { Id = "abort-incomplete-uploads", AbortIncompleteMultipartUploadAfter = Duration.Days(1) },
            ],
        });

        _ = new CfnOutput(this, "AwsRegion", new CfnOutputProps { Value = Amazon.CDK.Aws.REGION, Description = "Region of the stack" });
        _ = new CfnOutput(this, "LakeBucketName", new CfnOutputProps { Value = LakeBucket.BucketName, Description = "The lake bucket (Resources__LakeBucket)" });
        _ = new CfnOutput(this, "QuoteStreamName", new CfnOutputProps { Value = QuoteStream.StreamName, Description = "Kinesis stream of quote.v1 records" });
    }

    public Amazon.CDK.AWS.Kinesis.Stream QuoteStream { get; }

    /// <summary>The tables by <see cref="TableDefinition.Id"/>.</summary>
    public IReadOnlyDictionary<string, Table> Tables { get; }

    public Bucket LakeBucket { get; }

    private Table NewTable(TableDefinition definition, AwsResources names)
    {
        if (TableDefinition.BillingMode != Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST)
        {
            throw new NotSupportedException($"Billing mode {TableDefinition.BillingMode} has no mapping here.");
        }

        return new Table(this, definition.Id, new TableProps
        {
            TableName = definition.Name(names),
            PartitionKey = new Attribute { Name = definition.HashKey, Type = AttributeType.STRING },
            SortKey = definition.RangeKey is { } range ? new Attribute { Name = range, Type = AttributeType.STRING } : null,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            TimeToLiveAttribute = definition.TimeToLiveAttribute,
            PointInTimeRecovery = definition.PointInTimeRecovery,
            // The AWS managed key (alias/aws/dynamodb): callers need no kms permission.
            Encryption = TableEncryption.AWS_MANAGED,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
    }
}
