using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace StockMonitor.Infra.Tests;

/// <summary>
/// The whole app (<see cref="StockMonitorApp"/>) synthesized in-process into a temporary folder: each stack as an
/// assertions <see cref="Template"/> and as the JSON written to disk (for reading policies statement by statement).
/// </summary>
public sealed class AppTemplates : IDisposable
{
    private readonly string outdir = Directory.CreateTempSubdirectory("stockmonitor-cdk-").FullName;
    private readonly Dictionary<string, Template> templates;
    private readonly Dictionary<string, JsonDocument> documents = new(StringComparer.Ordinal);

    public AppTemplates()
        : this(new Dictionary<string, object>())
    {
    }

    private AppTemplates(IDictionary<string, object> context)
    {
        var app = new App(new AppProps { Outdir = outdir, Context = WithExampleProvider(context) });
        var (data, lake, images, roles) = StockMonitorApp.AddStacks(app);
        templates = new Stack[] { data, lake, images, roles }.ToDictionary(s => s.StackName, s => Template.FromStack(s), StringComparer.Ordinal);
        _ = app.Synth();
        foreach (var name in templates.Keys)
        {
            documents[name] = JsonDocument.Parse(File.ReadAllText(Path.Combine(outdir, name + ".template.json")));
        }
    }

    /// <summary>The app synthesized with <paramref name="context"/> (and the example OIDC provider unless it names one).</summary>
    public static AppTemplates With(IDictionary<string, object> context) => new(context);

    public static IDictionary<string, object> WithExampleProvider(IDictionary<string, object> context)
    {
        var withProvider = new Dictionary<string, object>(context);
        withProvider.TryAdd(InfraContext.EksOidcProviderArnKey, InfraContext.ExampleEksOidcProviderArn);
        return withProvider;
    }

    public IEnumerable<string> StackNames => templates.Keys;

    public Template Data => templates[DataStack.DefaultId];

    public Template Images => templates[ImagesStack.DefaultId];

    public Template Roles => templates[ServiceRolesStack.DefaultId];

    public Template Of(string stack) => templates[stack];

    public JsonElement Json(string stack) => documents[stack].RootElement;

    /// <summary>Every resource of every stack: (stack, logical id, resource).</summary>
    public IEnumerable<(string Stack, string Id, JsonElement Resource)> Resources() =>
        documents.SelectMany(d => d.Value.RootElement.GetProperty("Resources").EnumerateObject().Select(r => (d.Key, r.Name, r.Value)));

    public void Dispose()
    {
        foreach (var document in documents.Values)
        {
            document.Dispose();
        }

        Directory.Delete(outdir, recursive: true);
    }
}
