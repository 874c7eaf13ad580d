using System.Net.Http.Headers;

namespace StockMonitor.Dashboard.Upstream;

/// <summary>
/// The portfolio API, always called with the signed-in user's own bearer token: the portfolio service decides what
/// the user may see (another subject's portfolio is a 404 there), the dashboard never decides it alone.
/// </summary>
public sealed class PortfolioClient(HttpClient http)
{
    public Task<UpstreamAnswer> ListAsync(string token, CancellationToken cancellationToken) =>
        GetAsync("/api/portfolios", token, cancellationToken);

    public Task<UpstreamAnswer> GetAsync(Guid id, string token, CancellationToken cancellationToken) =>
        GetAsync($"/api/portfolios/{id}", token, cancellationToken);

    public Task<UpstreamAnswer> FiredAlertsAsync(Guid id, int limit, string token, CancellationToken cancellationToken) =>
        GetAsync(FormattableString.Invariant($"/api/portfolios/{id}/alerts/fired?limit={limit}"), token, cancellationToken);

    private async Task<UpstreamAnswer> GetAsync(string path, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        return new UpstreamAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Content.Headers.ContentType?.ToString());
    }
}
