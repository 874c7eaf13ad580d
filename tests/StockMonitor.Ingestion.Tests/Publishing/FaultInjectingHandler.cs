using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace StockMonitor.Ingestion.Tests.Publishing;

/// <summary>
/// Sits between the Kinesis client and kinesalite and makes PutRecords fail the way Kinesis does: some
/// entries rejected with ProvisionedThroughputExceededException (those entries are really not stored: they
/// are removed from the request before it is forwarded), or the whole call failing before it reaches the
/// server. Other operations pass through.
/// </summary>
internal sealed class FaultInjectingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int calls;

    /// <summary>Given (call number, entry index, partition key), whether that entry fails.</summary>
    public Func<int, int, string, bool> FailEntry { get; set; } = (_, _, _) => false;

    /// <summary>Given the call number, a status to fail the whole call with (null: forward it).</summary>
    public Func<int, HttpStatusCode?> FailCall { get; set; } = _ => null;

    /// <summary>PutRecords calls seen, including failed ones.</summary>
    public int Calls => Volatile.Read(ref calls);

    public int EntriesRejected { get; private set; }

    public int CallsRejected { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValues("X-Amz-Target", out var target) || target.Single() != "Kinesis_20131202.PutRecords")
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var call = Interlocked.Increment(ref calls);
        if (FailCall(call) is { } status)
        {
            CallsRejected++;
            return new HttpResponseMessage(status) { Content = new StringContent("<html><body>Service Unavailable</body></html>", Encoding.UTF8, "text/html") };
        }

        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var records = body["Records"]!.AsArray();
        var failed = new bool[records.Count];
        var kept = new JsonArray();
        for (var i = 0; i < records.Count; i++)
        {
            failed[i] = FailEntry(call, i, records[i]!["PartitionKey"]!.GetValue<string>());
            if (!failed[i])
            {
                kept.Add(records[i]!.DeepClone());
            }
        }

        var accepted = new Queue<JsonNode>();
        if (kept.Count > 0)
        {
            body["Records"] = kept;
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1");
            using var response = await base.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            foreach (var entry in answer["Records"]!.AsArray())
            {
                accepted.Enqueue(entry!.DeepClone());
            }
        }

        var merged = new JsonArray();
        foreach (var isFailed in failed)
        {
            merged.Add(isFailed
                ? new JsonObject { ["ErrorCode"] = "ProvisionedThroughputExceededException", ["ErrorMessage"] = "Rate exceeded for shard (injected)" }
                : accepted.Dequeue());
        }

        EntriesRejected += failed.Count(f => f);
        var result = new JsonObject { ["FailedRecordCount"] = failed.Count(f => f), ["Records"] = merged };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(result.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1") };
    }
}
