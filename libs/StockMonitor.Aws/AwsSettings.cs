using Microsoft.Extensions.Configuration;

namespace StockMonitor.Aws;

/// <summary>
/// Where the AWS clients go, read from the standard variables every AWS SDK and the CLI honour:
/// <c>AWS_REGION</c> and <c>AWS_ENDPOINT_URL_KINESIS</c> / <c>_DYNAMODB</c> / <c>_S3</c>. With the endpoint
/// variables unset the clients talk to real AWS in the region; credentials come from the SDK's default
/// chain (environment, profile, web identity on EKS, instance role).
/// </summary>
public sealed record AwsSettings(string Region, Uri? KinesisEndpoint, Uri? DynamoDbEndpoint, Uri? S3Endpoint)
{
    public const string DefaultRegion = "us-east-1";

    public static AwsSettings FromConfiguration(IConfiguration configuration) => new(
        configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? DefaultRegion,
        Endpoint(configuration, "AWS_ENDPOINT_URL_KINESIS"),
        Endpoint(configuration, "AWS_ENDPOINT_URL_DYNAMODB"),
        Endpoint(configuration, "AWS_ENDPOINT_URL_S3"));

    private static Uri? Endpoint(IConfiguration configuration, string key)
    {
        // The service-specific variable wins over the global AWS_ENDPOINT_URL, as in the SDKs.
        var value = configuration[key] ?? configuration["AWS_ENDPOINT_URL"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{key}='{value}' is not an absolute URL.");
    }
}
