using Amazon.CDK;
using StockMonitor.Infra;

// The CDK CLI sets CDK_OUTDIR; a plain `dotnet run` writes next to cdk.json as the CLI would.
var app = new App(new AppProps { Outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? "cdk.out" });
_ = new LakeStack(app, LakeStack.DefaultId, new StackProps { Description = "StockMonitor: the lake's Glue catalog (quotes table) and the Athena workgroup that queries it" });
app.Synth();
