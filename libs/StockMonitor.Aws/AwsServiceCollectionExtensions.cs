using Amazon.DynamoDBv2;
using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StockMonitor.Kinesis;

namespace StockMonitor.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AwsSettings"/>, <see cref="AwsResources"/> (section <c>Resources</c>) and the
    /// DynamoDB, S3 and Kinesis clients as singletons, plus the <see cref="ResourceProvisioner"/>.
    /// </summary>
    public static IHostApplicationBuilder AddAwsClients(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = AwsSettings.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddOptions<AwsResources>()
            .Bind(builder.Configuration.GetSection(AwsResources.SectionName))
            .Validate(r => r.QuoteStreamShards is > 0 and <= 500, "Resources:QuoteStreamShards must be between 1 and 500")
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => AwsClientFactory.CreateDynamoDb(settings));
        builder.Services.AddSingleton(_ => AwsClientFactory.CreateS3(settings));
        builder.Services.AddSingleton<KinesisClient>(_ => AwsClientFactory.CreateKinesis(settings));
        builder.Services.AddSingleton<ResourceProvisioner>();
        return builder;
    }
}
