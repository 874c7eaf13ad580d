using Amazon.CDK.Assertions;

namespace StockMonitor.Infra.Tests;

public class LakeStackContextTests
{
    [Fact]
    public void The_lakeBucket_context_moves_the_table_location_and_its_partition_template()
    {
        var template = LakeTemplate.Synthesize(new Dictionary<string, object> { ["lakeBucket"] = "acme-lake-eu" });

        template.HasResourceProperties("AWS::Glue::Table", Match.ObjectLike(new Dictionary<string, object>
        {
            ["TableInput"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Parameters"] = Match.ObjectLike(new Dictionary<string, object> { ["storage.location.template"] = "s3://acme-lake-eu/quotes/dt=${dt}/" }),
                ["StorageDescriptor"] = Match.ObjectLike(new Dictionary<string, object> { ["Location"] = "s3://acme-lake-eu/quotes/" }),
            }),
        }));
    }

    [Fact]
    public void The_bytes_scanned_cutoff_comes_from_context_as_given_on_the_command_line()
    {
        // `cdk deploy -c athenaBytesScannedCutoffPerQuery=1000000000` passes a string.
        var template = LakeTemplate.Synthesize(new Dictionary<string, object> { ["athenaBytesScannedCutoffPerQuery"] = "1000000000" });

        template.HasResourceProperties("AWS::Athena::WorkGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["WorkGroupConfiguration"] = Match.ObjectLike(new Dictionary<string, object> { ["BytesScannedCutoffPerQuery"] = 1_000_000_000d }),
        }));
    }

    [Fact]
    public void A_bytes_scanned_cutoff_below_the_Athena_minimum_is_refused()
    {
        var refused = Assert.Throws<ArgumentException>(() => LakeTemplate.Synthesize(new Dictionary<string, object> { ["athenaBytesScannedCutoffPerQuery"] = "1000" }));

        Assert.Contains("athenaBytesScannedCutoffPerQuery", refused.Message, StringComparison.Ordinal);
    }
}
