using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using StockMonitor.Kinesis;

namespace StockMonitor.Aws;

/// <summary>Creates the AWS clients for a <see cref="AwsSettings"/>, handling the local emulators' quirks.</summary>
public static class AwsClientFactory
{
    public static IAmazonDynamoDB CreateDynamoDb(AwsSettings settings)
    {
        var config = new AmazonDynamoDBConfig();
        // Setting RegionEndpoint after ServiceURL would clear the URL and send requests to AWS: one or the other.
        if (settings.DynamoDbEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        return new AmazonDynamoDBClient(config);
    }

    public static IAmazonS3 CreateS3(AwsSettings settings)
    {
        var config = new AmazonS3Config();
        if (settings.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
            // Emulators serve buckets by path, not by virtual host.
            config.ForcePathStyle = true;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }

        return new AmazonS3Client(config);
    }

    public static KinesisClient CreateKinesis(AwsSettings settings, HttpMessageHandler? inner = null) =>
        KinesisClient.Create(
            settings.KinesisEndpoint ?? KinesisClient.DefaultEndpoint(settings.Region),
            settings.Region,
            ResolveCredentials(),
            inner);

    /// <summary>The SDK's default credential chain (environment, profile, EKS web identity, instance role).</summary>
    public static AWSCredentials ResolveCredentials() => DefaultAWSCredentialsIdentityResolver.GetCredentials();
}
