using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace StockMonitor.Infra.Tests;

/// <summary>Synthesizes a <see cref="LakeStack"/> in-process, with the given CDK context.</summary>
internal static class LakeTemplate
{
    public static Template Synthesize(IDictionary<string, object>? context = null)
    {
        var app = new App(new AppProps { Context = context ?? new Dictionary<string, object>() });
        return Template.FromStack(new LakeStack(app, LakeStack.DefaultId));
    }

    /// <summary>The logical id of the only resource of <paramref name="type"/>.</summary>
    public static string LogicalId(this Template template, string type) => Assert.Single(template.FindResources(type)).Key;
}
