using System.Text.Json;

namespace StockMonitor.Infra.Tests;

public class EksEnvTests(AppTemplates app) : IClassFixture<AppTemplates>
{
    /// <summary>What <c>cdk deploy --all --outputs-file</c> writes, with the lake stack's export outputs too.</summary>
    private const string Outputs = """
        {
          "StockMonitorData": { "AwsRegion": "eu-west-1", "LakeBucketName": "acme-lake", "QuoteStreamName": "stockmonitor-quotes" },
          "StockMonitorLake": {
            "WorkGroupName": "stockmonitor",
            "AthenaResultsBucketName": "stockmonitorlake-athenaresults1234-abcd",
            "DatabaseName": "stockmonitor",
            "ExportsOutputFnGetAttAthenaResultsABCDArn1234": "arn:aws:s3:::stockmonitorlake-athenaresults1234-abcd"
          },
          "StockMonitorImages": { "ImageRegistry": "210987654321.dkr.ecr.eu-west-1.amazonaws.com" },
          "StockMonitorServiceRoles": {
            "IngestionRoleArn": "arn:aws:iam::210987654321:role/stockmonitor-ingestion",
            "BridgeRoleArn": "arn:aws:iam::210987654321:role/stockmonitor-bridge",
            "PricingRoleArn": "arn:aws:iam::210987654321:role/stockmonitor-pricing",
            "ArchiveRoleArn": "arn:aws:iam::210987654321:role/stockmonitor-archive",
            "GrafanaRoleArn": "arn:aws:iam::210987654321:role/stockmonitor-grafana"
          }
        }
        """;

    [Fact]
    public void Render_writes_each_key_the_overlay_reads_once_with_its_output_s_value()
    {
        // Act
        var env = EksEnv.Render(Outputs);

        // Assert
        var lines = env.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(
            [
                "AWS_REGION=eu-west-1",
                "IMAGE_REGISTRY=210987654321.dkr.ecr.eu-west-1.amazonaws.com",
                "LAKE_BUCKET=acme-lake",
                "INGESTION_ROLE_ARN=arn:aws:iam::210987654321:role/stockmonitor-ingestion",
                "BRIDGE_ROLE_ARN=arn:aws:iam::210987654321:role/stockmonitor-bridge",
                "PRICING_ROLE_ARN=arn:aws:iam::210987654321:role/stockmonitor-pricing",
                "ARCHIVE_ROLE_ARN=arn:aws:iam::210987654321:role/stockmonitor-archive",
                "GRAFANA_ROLE_ARN=arn:aws:iam::210987654321:role/stockmonitor-grafana",
                "ATHENA_WORKGROUP=stockmonitor",
                "ATHENA_RESULTS_BUCKET=stockmonitorlake-athenaresults1234-abcd",
            ],
            lines);
    }

    [Fact]
    public void Render_of_outputs_without_a_stack_or_an_output_names_each_missing_one()
    {
        // Arrange
        var outputs = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(Outputs)!;
        outputs.Remove("StockMonitorImages");
        outputs["StockMonitorServiceRoles"].Remove("GrafanaRoleArn");

        // Act
        var refused = Assert.Throws<InvalidDataException>(() => EksEnv.Render(JsonSerializer.Serialize(outputs)));

        // Assert
        Assert.Contains("StockMonitorImages.ImageRegistry (for IMAGE_REGISTRY)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("StockMonitorServiceRoles.GrafanaRoleArn (for GRAFANA_ROLE_ARN)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS_REGION", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_output_the_env_file_reads_is_an_output_of_its_stack()
    {
        // Act / Assert
        Assert.All(EksEnv.Keys, k => Assert.True(
            app.Json(k.Stack).GetProperty("Outputs").TryGetProperty(k.Output, out _),
            $"{k.Stack} has no output {k.Output} for {k.Key}"));
    }

    [Fact]
    public void Run_writes_the_env_file_and_fails_with_a_message_when_an_output_is_missing()
    {
        // Arrange
        var folder = Directory.CreateTempSubdirectory("eks-env-").FullName;
        try
        {
            var good = Path.Combine(folder, "good.json");
            var bad = Path.Combine(folder, "bad.json");
            var env = Path.Combine(folder, "aws.env");
            File.WriteAllText(good, Outputs);
            File.WriteAllText(bad, Outputs.Replace("\"LakeBucketName\"", "\"Other\"", StringComparison.Ordinal));
            using var output = new StringWriter();
            using var error = new StringWriter();

            // Act
            var written = EksEnv.Run(["--outputs", good, "--out", env], output, error);
            var failed = EksEnv.Run(["--outputs", bad], output, error);

            // Assert
            Assert.Equal(0, written);
            Assert.Contains("LAKE_BUCKET=acme-lake\n", File.ReadAllText(env), StringComparison.Ordinal);
            Assert.Equal(1, failed);
            Assert.Contains("StockMonitorData.LakeBucketName (for LAKE_BUCKET)", error.ToString(), StringComparison.Ordinal);
            Assert.Equal("", output.ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
