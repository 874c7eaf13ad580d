using System.Net;

namespace StockMonitor.Dashboard.Upstream;

/// <summary>What an upstream API answered: its status and body (JSON, or a ProblemDetails document).</summary>
public sealed record UpstreamAnswer(HttpStatusCode Status, string Body, string? ContentType)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}
