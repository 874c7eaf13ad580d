using System.Net;
using System.Text.Json;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Apis;

/// <summary>The OpenAPI document describes every endpoint: its body, its success and every error it can answer.</summary>
public class OpenApiTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private const string Commands = "200 400 401 403 404 409 412 422 429";

    /// <summary>(method, path, the request body's properties or "" for none, those required, the status codes it documents).</summary>
    public static TheoryData<string, string, string, string, string> Endpoints => new()
    {
        { "get", "/api/portfolios", "", "", "200 401 403 429" },
        { "post", "/api/portfolios", "currency name", "name", "201 400 401 403 409 422 429" },
        { "get", "/api/portfolios/{id}", "", "", "200 401 403 404 429" },
        { "get", "/api/portfolios/{id}/events", "", "", "200 401 403 404 429" },
        { "get", "/api/portfolios/{id}/performance", "", "", "200 400 401 403 404 429 503" },
        { "get", "/api/portfolios/{id}/alerts/fired", "", "", "200 400 401 403 404 429" },
        { "post", "/api/portfolios/{id}/deposits", "amount at", "amount", Commands },
        { "post", "/api/portfolios/{id}/withdrawals", "amount at", "amount", Commands },
        { "post", "/api/portfolios/{id}/fees", "amount at description", "amount", Commands },
        { "post", "/api/portfolios/{id}/trades", "executedAt fees price quantity side symbol", "executedAt price quantity side symbol", Commands },
        { "post", "/api/portfolios/{id}/dividends", "amount paidAt symbol", "amount symbol", Commands },
        { "post", "/api/portfolios/{id}/splits", "effectiveAt ratio symbol", "effectiveAt ratio symbol", Commands },
        { "post", "/api/portfolios/{id}/watchlist", "symbol", "symbol", Commands },
        { "post", "/api/portfolios/{id}/rename", "name", "name", Commands },
        { "post", "/api/portfolios/{id}/close", "", "", Commands },
        { "post", "/api/portfolios/{id}/alerts", "condition cooldownMinutes symbol threshold windowMinutes", "condition symbol threshold", "201 400 401 403 404 409 412 422 429" },
        { "delete", "/api/portfolios/{id}/alerts/{ruleId}", "", "", Commands },
        { "delete", "/api/portfolios/{id}/watchlist/{symbol}", "", "", Commands },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Document_describes_the_endpoint_with_its_body_and_every_response(string method, string path, string bodyProperties, string required, string statuses)
    {
        using var document = await DocumentAsync();

        var operation = Operation(document.RootElement, method, path);

        Assert.Equal(statuses.Split(' '), operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var error in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
        {
            Assert.True(
                error.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _),
                $"{method} {path} {error.Name} is not documented as application/problem+json");
        }

        if (bodyProperties.Length == 0)
        {
            Assert.False(operation.TryGetProperty("requestBody", out _), $"{method} {path} documents a body it does not read");
        }
        else
        {
            var schema = Resolve(document.RootElement, operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
            Assert.Equal(bodyProperties.Split(' '), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            // Required: what the API answers 400 for when absent; the rest have defaults.
            Assert.Equal(required.Split(' '), schema.GetProperty("required").EnumerateArray().Select(p => p.GetString()!).Order(StringComparer.Ordinal));
            Assert.False(schema.GetProperty("additionalProperties").GetBoolean(), $"{method} {path} documents that unknown fields are allowed");
        }
    }

    [Fact]
    public async Task Document_has_no_endpoint_the_tests_do_not_know()
    {
        using var document = await DocumentAsync();

        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name} {p.Name.TrimEnd('/')}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Endpoints.Select(row => $"{row[0]} {row[1]}").Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public async Task Document_declares_the_jwt_bearer_scheme_and_each_operation_requires_its_scope()
    {
        using var document = await DocumentAsync();

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        var requirements = ApiOperations(document.RootElement)
            .Select(o => (o.Name, Scopes: o.Operation.GetProperty("security").EnumerateArray().Single().GetProperty("Bearer").EnumerateArray().Select(s => s.GetString()).ToList()));

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());
        Assert.All(requirements, r => Assert.Equal([r.Name.StartsWith("get ", StringComparison.Ordinal) ? "portfolios:read" : "portfolios:write"], r.Scopes));
    }

    [Fact]
    public async Task Document_types_every_number_of_money_or_quantity_as_decimal_never_as_binary_floating_point()
    {
        using var document = await DocumentAsync();

        var formats = Formats(document.RootElement).ToList();
        var trade = Resolve(document.RootElement, Operation(document.RootElement, "post", "/api/portfolios/{id}/trades")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        Assert.DoesNotContain("double", formats);
        Assert.DoesNotContain("float", formats);
        Assert.All(["quantity", "price", "fees"], field => Assert.Equal("decimal", trade.GetProperty("properties").GetProperty(field).GetProperty("format").GetString()));
        var lot = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("LotView").GetProperty("properties");
        Assert.All(["quantity", "unitCost", "cost"], field => Assert.Equal("decimal", lot.GetProperty(field).GetProperty("format").GetString()));
    }

    [Fact]
    public async Task Command_examples_of_the_document_are_accepted_by_the_api_in_order()
    {
        using var document = await DocumentAsync();
        var order = new[] { "deposits", "trades", "withdrawals", "fees", "dividends", "splits", "watchlist", "rename", "alerts" };

        var opened = await api.Client.PostAsync("/api/portfolios", Example(document.RootElement, "/api/portfolios"));
        var id = (await opened.ViewAsync(HttpStatusCode.Created)).Id;
        var statuses = new List<string>();
        foreach (var command in order)
        {
            var response = await api.Client.SendAsync(HttpMethod.Post, PathOf(id, "/" + command), Example(document.RootElement, $"/api/portfolios/{{id}}/{command}").GetRawText());
            statuses.Add($"{command} {(int)response.StatusCode} {(response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync())}".TrimEnd());
        }

        Assert.Equal(order.Select(c => $"{c} {(c == "alerts" ? 201 : 200)}"), statuses);
        var documentedBodies = ApiOperations(document.RootElement).Count(o => o.Operation.TryGetProperty("requestBody", out _));
        Assert.Equal(order.Length + 1, documentedBodies);
    }

    [Fact]
    public async Task Document_lists_if_match_idempotency_key_and_the_answered_etag_on_the_commands_that_honour_them()
    {
        using var document = await DocumentAsync();

        var headers = ApiOperations(document.RootElement).ToDictionary(
            o => o.Name,
            o => string.Join(' ', o.Operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal)
                : Enumerable.Empty<string?>()));

        Assert.All(headers.Where(h => h.Key.StartsWith("get ", StringComparison.Ordinal)), h => Assert.Equal("", h.Value));
        Assert.Equal("Idempotency-Key", headers["post /api/portfolios"]);
        Assert.All(headers.Where(h => !h.Key.StartsWith("get ", StringComparison.Ordinal) && h.Key != "post /api/portfolios"), h => Assert.Equal("Idempotency-Key If-Match", h.Value));
        Assert.All(
            ApiOperations(document.RootElement).Where(o => !o.Name.StartsWith("get ", StringComparison.Ordinal)),
            o => Assert.True(
                o.Operation.GetProperty("responses").EnumerateObject().Single(r => r.Name[0] == '2').Value.GetProperty("headers").TryGetProperty("ETag", out _),
                $"{o.Name} does not document the ETag it answers"));
    }

    [Fact]
    public async Task Document_is_served_without_a_token()
    {
        var anonymous = api.CreateClient(token: null);

        var response = await anonymous.GetAsync(Url("/openapi/v1.json"));

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonDocument> DocumentAsync()
    {
        var response = await api.CreateClient(token: null).GetAsync(Url("/openapi/v1.json"));
        return JsonDocument.Parse(await response.ExpectAsync(HttpStatusCode.OK));
    }

    /// <summary>Every operation of the API as ("method path", operation).</summary>
    private static IEnumerable<(string Name, JsonElement Operation)> ApiOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => ($"{o.Name} {p.Name.TrimEnd('/')}", o.Value)));

    /// <summary>Every <c>format</c> anywhere in the document.</summary>
    private static IEnumerable<string> Formats(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "format" && p.Value.ValueKind == JsonValueKind.String ? new[] { p.Value.GetString()! } : Formats(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Formats),
        _ => [],
    };

    /// <summary>The request example of the POST at <paramref name="path"/>.</summary>
    private static JsonElement Example(JsonElement document, string path) =>
        Operation(document, "post", path).GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");

    private static JsonElement Operation(JsonElement document, string method, string path)
    {
        var paths = document.GetProperty("paths");
        var item = paths.TryGetProperty(path, out var exact) ? exact
            : paths.TryGetProperty(path + "/", out var slashed) ? slashed
            : throw new Xunit.Sdk.XunitException($"{path} is not in the document: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        return item.TryGetProperty(method, out var operation) ? operation : throw new Xunit.Sdk.XunitException($"{method} {path} is not in the document");
    }

    /// <summary>The schema itself, following a $ref into the components.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}
