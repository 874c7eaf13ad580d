using System.Globalization;
using StockMonitor.Aws;
using StockMonitor.Testing;

namespace StockMonitor.Bridge.Tests.Reading;

/// <summary>
/// A bridge instance running as its own process from the build output (so it can be killed like a node that dies),
/// with its status endpoints at hand.
/// </summary>
internal sealed class BridgeInstance : IAsyncDisposable
{
    private readonly ServiceProcess process;
    private readonly HttpClient http;

    private BridgeInstance(string instanceId, ServiceProcess process)
    {
        InstanceId = instanceId;
        this.process = process;
        http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
    }

    public string InstanceId { get; }

    public string RecentOutput => process.RecentOutput;

    /// <summary>
    /// Starts instance <paramref name="instanceId"/> on <paramref name="resources"/> and bus prefix <paramref name="busPrefix"/>,
    /// with <paramref name="settings"/> (lease timings, GetRecords limit) on top.
    /// </summary>
    public static async Task<BridgeInstance> StartAsync(
        TestInfrastructure infra,
        AwsResources resources,
        string busPrefix,
        string instanceId,
        IReadOnlyDictionary<string, string> settings)
    {
        var all = infra.SettingsFor(resources, busPrefix);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        all["Bridge:InstanceId"] = instanceId;
        return new BridgeInstance(instanceId, await ServiceProcess.StartAsync("ingestion", "StockMonitor.Bridge", all, $"bridge {instanceId}"));
    }

    /// <summary>The shards this instance reads, from <c>GET /bridge/shards</c>.</summary>
    public async Task<IReadOnlyList<string>> ShardsAsync() =>
        (await http.GetStringAsync(new Uri("/bridge/shards", UriKind.Relative))).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value of counter <paramref name="name"/> on <c>/metrics</c> summed over the series whose labels include <paramref name="label"/>.</summary>
    public async Task<double> CounterAsync(string name, string label)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    /// <summary>SIGKILL: nothing is checkpointed or released.</summary>
    public void Kill() => process.Kill();

    /// <summary>SIGTERM, as Kubernetes stops a pod; waits for the process to exit.</summary>
    public Task StopAsync() => process.StopAsync(TimeSpan.FromSeconds(40));

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await process.DisposeAsync();
    }
}
