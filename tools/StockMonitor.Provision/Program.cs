using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Usage: StockMonitor.Provision

        Creates what the services need when it is missing, and leaves what exists alone:
          the Kinesis stream, the DynamoDB tables (TTL on the bars table where supported) and the S3 bucket.

        Configuration (environment):
          AWS_REGION, AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3
                         where to create them (unset endpoints: real AWS)
          Resources__QuoteStream, Resources__QuoteStreamShards, Resources__QuotesLatestTable,
          Resources__QuoteBarsTable, Resources__BridgeLeaseTable, Resources__LakeBucket
                         names (defaults: the production names)
        """);
    return 0;
}

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
builder.AddAwsClients();
using var host = builder.Build();

var resources = host.Services.GetRequiredService<IOptions<AwsResources>>().Value;
using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
await host.Services.GetRequiredService<ResourceProvisioner>().EnsureAllAsync(resources, timeout.Token);
return 0;
