using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using StockMonitor.Auth;
using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>
/// The portfolio API as the relay tests drive it, with the demo owner's token. Each command returns the stream
/// version it produced (the ETag), and fails the test with the response body when it is not a success.
/// </summary>
internal sealed class PortfolioClient(HttpClient http)
{
    public static HttpClient Authorized(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", LocalTokens.Mint(new JwtSettings(), LocalTokens.DemoSubject, Scopes.All, TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
        return http;
    }

    public async Task<Guid> OpenAsync(string name = "Relay")
    {
        var response = await SucceededAsync(await http.PostAsJsonAsync(Uri("/api/portfolios"), new { name, currency = "USD" }));
        return (await response.Content.ReadFromJsonAsync<PortfolioView>())!.Id;
    }

    /// <summary>Deposits <paramref name="amount"/> at <paramref name="at"/>: a trade needs the cash at its execution time.</summary>
    public async Task<long> DepositAsync(Guid id, decimal amount, DateTimeOffset at) =>
        VersionOf(await SucceededAsync(await http.PostAsJsonAsync(Uri($"/api/portfolios/{id}/deposits"), new { amount, at })));

    public async Task<long> WithdrawAsync(Guid id, decimal amount, DateTimeOffset at) =>
        VersionOf(await SucceededAsync(await http.PostAsJsonAsync(Uri($"/api/portfolios/{id}/withdrawals"), new { amount, at })));

    public async Task<long> ChargeFeeAsync(Guid id, decimal amount, DateTimeOffset at) =>
        VersionOf(await SucceededAsync(await http.PostAsJsonAsync(Uri($"/api/portfolios/{id}/fees"), new { amount, description = "Custody", at })));

    public async Task<long> DividendAsync(Guid id, string symbol, decimal amount, DateTimeOffset paidAt) =>
        VersionOf(await SucceededAsync(await http.PostAsJsonAsync(Uri($"/api/portfolios/{id}/dividends"), new { symbol, amount, paidAt })));

    public async Task<long> RenameAsync(Guid id, string name) =>
        VersionOf(await SucceededAsync(await http.PostAsJsonAsync(Uri($"/api/portfolios/{id}/rename"), new { name })));

    public async Task<long> TradeAsync(Guid id, string side, string symbol, decimal quantity, decimal price, decimal fees, DateTimeOffset executedAt) =>
        VersionOf(await SucceededAsync(await http.PostAsJsonAsync(
            Uri($"/api/portfolios/{id}/trades"),
            new { symbol, side, quantity, price, fees, executedAt })));

    public async Task<long> WatchAsync(Guid id, string symbol) =>
        VersionOf(await SucceededAsync(await http.PostAsJsonAsync(Uri($"/api/portfolios/{id}/watchlist"), new { symbol })));

    public async Task<long> UnwatchAsync(Guid id, string symbol) =>
        VersionOf(await SucceededAsync(await http.DeleteAsync(Uri($"/api/portfolios/{id}/watchlist/{symbol}"))));

    public async Task<(Guid RuleId, long Version)> AddAlertRuleAsync(Guid id, string symbol, decimal threshold)
    {
        var response = await SucceededAsync(await http.PostAsJsonAsync(
            Uri($"/api/portfolios/{id}/alerts"),
            new { symbol, condition = "above", threshold, cooldownMinutes = 30 }));
        return ((await response.Content.ReadFromJsonAsync<AlertRuleView>())!.RuleId, VersionOf(response));
    }

    public async Task<long> RemoveAlertRuleAsync(Guid id, Guid ruleId) =>
        VersionOf(await SucceededAsync(await http.DeleteAsync(Uri($"/api/portfolios/{id}/alerts/{ruleId}"))));

    public async Task<long> CloseAsync(Guid id) =>
        VersionOf(await SucceededAsync(await http.PostAsync(Uri($"/api/portfolios/{id}/close"), null)));

    private static Uri Uri(string path) => new(path, UriKind.Relative);

    private static long VersionOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.ETag?.Tag.Trim('"') ?? throw new InvalidOperationException("The response has no ETag."), CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> SucceededAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }
}
