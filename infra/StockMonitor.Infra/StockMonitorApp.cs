using Amazon.CDK;

namespace StockMonitor.Infra;

/// <summary>The app's stacks, as <c>cdk deploy --all</c> deploys them (the tests synthesize the same).</summary>
public static class StockMonitorApp
{
    public static (DataStack Data, LakeStack Lake, ImagesStack Images, ServiceRolesStack Roles) AddStacks(App app)
    {
        var data = new DataStack(app, DataStack.DefaultId, new StackProps { Description = "StockMonitor: the quote stream, the DynamoDB tables and the lake bucket" });
        var lake = new LakeStack(app, LakeStack.DefaultId, new StackProps { Description = "StockMonitor: the lake's Glue catalog (quotes table) and the Athena workgroup that queries it" });
        lake.AddDependency(data, "the Glue table's location is in the lake bucket");
        var images = new ImagesStack(app, ImagesStack.DefaultId, new StackProps { Description = "StockMonitor: the ECR repositories of the service images" });
        var roles = new ServiceRolesStack(app, ServiceRolesStack.DefaultId, lake, new StackProps { Description = "StockMonitor: one IAM role per Kubernetes service account that calls AWS (IRSA)" });
        roles.AddDependency(data, "the roles name the stream, tables and bucket");
        return (data, lake, images, roles);
    }
}
