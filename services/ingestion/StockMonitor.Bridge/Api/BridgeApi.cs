using Microsoft.AspNetCore.Http.HttpResults;
using StockMonitor.Bridge.Reading;

namespace StockMonitor.Bridge.Api;

/// <summary>Which shards this instance reads: JSON for tools, one plain line for <c>./stockmonitor status</c>.</summary>
public static class BridgeApi
{
    public static IEndpointRouteBuilder MapBridgeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/bridge").WithTags("Bridge");
        api.MapGet("/leases", GetLeases).WithSummary("This instance, the leases it holds and the whole lease table at its last scan");
        api.MapGet("/shards", GetShards).WithSummary("The shard ids this instance reads, space-separated (text/plain)");
        return app;
    }

    internal static Ok<BridgeSnapshot> GetLeases(StreamBridge bridge) => TypedResults.Ok(bridge.Snapshot);

    internal static string GetShards(StreamBridge bridge) => string.Join(' ', bridge.Snapshot.Held.Select(h => h.ShardId));
}
