using Amazon.CDK.Assertions;

namespace StockMonitor.Infra.Tests;

/// <summary>The lake stack synthesized once, without context, for every test of a class.</summary>
public sealed class DefaultLakeTemplate
{
    public Template Template { get; } = LakeTemplate.Synthesize();
}
