using System.Net;
using System.Text.Json;

namespace StockMonitor.Testing;

/// <summary>What a service's health endpoints answer: the public <c>/health</c> and the internal <c>/health/details</c>.</summary>
public sealed record HealthAnswer(HttpStatusCode StatusCode, string Body)
{
    /// <summary>The <c>status</c> field of the body.</summary>
    public string Status => JsonDocument.Parse(Body).RootElement.GetProperty("status").GetString()!;

    /// <summary>GET <paramref name="path"/> (the public readiness endpoint by default).</summary>
    public static async Task<HealthAnswer> GetAsync(HttpClient client, string path = "/health")
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return new HealthAnswer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>One check's status and description from <c>/health/details</c> (on when <c>Health:Details</c> is true).</summary>
    public static async Task<(string Status, string Description)> CheckAsync(HttpClient client, string check)
    {
        var details = await GetAsync(client, "/health/details");
        var entry = JsonDocument.Parse(details.Body).RootElement.GetProperty("checks").GetProperty(check);
        return (entry.GetProperty("status").GetString()!, entry.GetProperty("description").GetString() ?? "");
    }
}
