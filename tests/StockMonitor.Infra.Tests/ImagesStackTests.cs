using Amazon.CDK.Assertions;

namespace StockMonitor.Infra.Tests;

public class ImagesStackTests(AppTemplates app) : IClassFixture<AppTemplates>
{
    private readonly Template template = app.Images;

    [Fact]
    public void There_is_one_repository_per_image_of_the_eks_overlay()
    {
        // Arrange
        var images = K8sManifests.OverlayImages();

        // Act
        var repositories = template.FindResources("AWS::ECR::Repository").Values
            .Select(r => (string)((IDictionary<string, object>)((IDictionary<string, object>)r)["Properties"])["RepositoryName"])
            .ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.NotEmpty(images);
        Assert.Equal(images.Order(StringComparer.Ordinal), repositories.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_repository_scans_on_push_is_encrypted_expires_old_images_and_is_kept()
    {
        // Act / Assert
        template.AllResources("AWS::ECR::Repository", Match.ObjectLike(new Dictionary<string, object>
        {
            ["DeletionPolicy"] = "Retain",
            ["Properties"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["ImageScanningConfiguration"] = new Dictionary<string, object> { ["ScanOnPush"] = true },
                ["EncryptionConfiguration"] = new Dictionary<string, object> { ["EncryptionType"] = "AES256" },
                ["LifecyclePolicy"] = Match.ObjectLike(new Dictionary<string, object> { ["LifecyclePolicyText"] = Match.StringLikeRegexp("\"countNumber\":50") }),
            }),
        }));
    }

    [Fact]
    public void The_registry_output_is_the_account_s_ECR_host()
    {
        // Act
        var registry = app.Json(ImagesStack.DefaultId).GetProperty("Outputs").GetProperty("ImageRegistry").GetProperty("Value");

        // Assert
        Assert.Equal("${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}", Policies.Text(registry));
    }
}
