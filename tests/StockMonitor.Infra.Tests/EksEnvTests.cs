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

    private const string Certificate = "arn:aws:acm:eu-west-1:210987654321:certificate/8a4e2c1d-5b6f-4a3e-9c7d-0e1f2a3b4c5d";

    [Fact]
    public void Render_writes_each_key_the_overlay_reads_once_with_its_output_s_value()
    {
        // Act
        var env = EksEnv.Render(Outputs, Certificate, "10.20.0.0/16");

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
                $"CERTIFICATE_ARN={Certificate}",
                "VPC_CIDR=10.20.0.0/16",
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
        var refused = Assert.Throws<InvalidDataException>(() => EksEnv.Render(JsonSerializer.Serialize(outputs), Certificate, "10.20.0.0/16"));

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
            var written = EksEnv.Run(["--outputs", good, "--certificate-arn", Certificate, "--vpc-cidr", "10.20.0.0/16", "--out", env], output, error);
            var failed = EksEnv.Run(["--outputs", bad, "--certificate-arn", Certificate, "--vpc-cidr", "10.20.0.0/16"], output, error);

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

    [Fact]
    public void The_keys_rendered_are_exactly_the_keys_of_the_eks_overlay_s_aws_env()
    {
        // Arrange
        var committed = File.ReadAllLines(K8sManifests.PathOf("k8s/overlays/eks/aws.env"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)[0]);

        // Act
        var rendered = EksEnv.Render(Outputs, Certificate, "10.20.0.0/16").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)[0]);

        // Assert
        Assert.Equal(committed.Order(StringComparer.Ordinal), rendered.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("arn:aws:iam::210987654321:role/x", "10.20.0.0/16", "--certificate-arn")]
    [InlineData(Certificate, "10.20.0.1/16", "--vpc-cidr")]
    [InlineData(Certificate, "fd00::/8", "--vpc-cidr")]
    public void Render_refuses_a_setting_that_is_not_a_certificate_arn_or_an_ipv4_network(string certificate, string cidr, string named)
    {
        // Act
        var refused = Assert.Throws<ArgumentException>(() => EksEnv.Render(Outputs, certificate, cidr));

        // Assert
        Assert.StartsWith(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_without_the_certificate_or_the_vpc_cidr_is_a_usage_error()
    {
        // Arrange
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Act
        var exit = EksEnv.Run(["--outputs", "cdk-outputs.json", "--vpc-cidr", "10.20.0.0/16"], output, error);

        // Assert
        Assert.Equal(2, exit);
        Assert.Contains("--certificate-arn", error.ToString(), StringComparison.Ordinal);
    }
}
