using Amazon.CDK;
using StockMonitor.Infra;

if (args.Length > 0 && args[0] == "eks-env")
{
    return EksEnv.Run(args[1..], Console.Out, Console.Error);
}

// The CDK CLI sets CDK_OUTDIR; a plain `dotnet run` writes next to cdk.json as the CLI would.
var app = new App(new AppProps { Outdir = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") ?? "cdk.out" });
StockMonitorApp.AddStacks(app);
app.Synth();
return 0;
