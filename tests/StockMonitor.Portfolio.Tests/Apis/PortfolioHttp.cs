using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using StockMonitor.Portfolio.Apis;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>Requests to the portfolio API and the checks every answer gets (status with the body on failure, ProblemDetails shape).</summary>
public static class PortfolioHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A day of January 2026 at 15:00 UTC: times in the past that tests can reason about.</summary>
    public static DateTimeOffset Day(int day, int hour = 15) => new(2026, 1, day, hour, 0, 0, TimeSpan.Zero);

    public static Uri Url(string path) => new(path, UriKind.Relative);

    public static string PathOf(Guid id, string rest = "") => $"/api/portfolios/{id}{rest}";

    public static async Task<HttpResponseMessage> SendAsync(
        this HttpClient client, HttpMethod method, string path, string? json = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, Url(path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object body, string? ifMatch = null, string? idempotencyKey = null) =>
        client.SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body, Json), ifMatch, idempotencyKey);

    public static async Task<PortfolioView> OpenAsync(this HttpClient client, string name = "Test")
    {
        var response = await client.PostAsync("/api/portfolios", new { name });
        return await response.ViewAsync(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> DepositAsync(this HttpClient client, Guid id, decimal amount, DateTimeOffset? at = null) =>
        client.PostAsync(PathOf(id, "/deposits"), new { amount, at = at ?? Day(1) });

    public static Task<HttpResponseMessage> WithdrawAsync(this HttpClient client, Guid id, decimal amount, DateTimeOffset at) =>
        client.PostAsync(PathOf(id, "/withdrawals"), new { amount, at });

    public static Task<HttpResponseMessage> TradeAsync(
        this HttpClient client, Guid id, string side, decimal quantity, decimal price, decimal fees, DateTimeOffset executedAt, string symbol = "AAPL") =>
        client.PostAsync(PathOf(id, "/trades"), new { symbol, side, quantity, price, fees, executedAt });

    public static async Task<PortfolioView> GetViewAsync(this HttpClient client, Guid id) =>
        await (await client.GetAsync(Url(PathOf(id)))).ViewAsync(HttpStatusCode.OK);

    public static async Task<IReadOnlyList<PortfolioEventView>> EventsAsync(this HttpClient client, Guid id)
    {
        var response = await client.GetAsync(Url(PathOf(id, "/events")));
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<List<PortfolioEventView>>(Json))!;
    }

    /// <summary>Fails with the body when the status is not <paramref name="expected"/>.</summary>
    public static async Task<string> ExpectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The portfolio answered, after checking the status and that the ETag is its version.</summary>
    public static async Task<PortfolioView> ViewAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.ExpectAsync(expected);
        var view = JsonSerializer.Deserialize<PortfolioView>(body, Json)!;
        Assert.Equal(view.Version, response.StreamVersion());
        return view;
    }

    /// <summary>The version in the ETag header (which must be there).</summary>
    public static long StreamVersion(this HttpResponseMessage response)
    {
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        return long.Parse(etag.Tag.Trim('"'), CultureInfo.InvariantCulture);
    }

    public static string ETagOf(long version) => new EntityTagHeaderValue($"\"{version}\"").ToString();

    /// <summary>A ProblemDetails answer: the status, <c>application/problem+json</c>, a title.</summary>
    public static async Task<ProblemDetails> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ExpectAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<ProblemDetails>(body, Json)!;
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), $"A problem without a title: {body}");
        Assert.Equal((int)expected, problem.Status);
        return problem;
    }

    /// <summary>A 400 ValidationProblem; returns the names of the fields it reports.</summary>
    public static async Task<IReadOnlyList<string>> ValidationErrorsAsync(this HttpResponseMessage response)
    {
        await response.ProblemAsync(HttpStatusCode.BadRequest);
        var problem = JsonSerializer.Deserialize<ValidationProblemDetails>(await response.Content.ReadAsStringAsync(), Json)!;
        return problem.Errors.Keys.Order(StringComparer.Ordinal).ToList();
    }
}
