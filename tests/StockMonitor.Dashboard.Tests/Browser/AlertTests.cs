using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Microsoft.Playwright;
using StockMonitor.Testing;

namespace StockMonitor.Dashboard.Tests.Browser;

[Collection(BrowserTests.Name)]
public sealed class AlertTests(RunningSystem stack)
{
    [Fact]
    public async Task A_rule_that_fires_shows_as_a_notification_and_in_the_recent_alerts_also_after_a_reload()
    {
        // Arrange: a rule of the user's portfolio, known to pricing.
        var subject = "alerts-" + Guid.NewGuid().ToString("N")[..8];
        var symbol = RunningSystem.UniqueSymbol("AL");
        var id = await stack.OpenPortfolioAsync(subject, "Alerted", 1_000m);
        var ruleId = await AddRuleAsync(subject, id, symbol, 150m);
        await using var alerts = await stack.OpenAsync("/alerts", subject);
        await alerts.WaitLiveAsync();
        await Assertions.Expect(alerts.Page.Locator("#alerts")).ToContainTextAsync("No alerts yet.", new() { Timeout = 15_000 });

        // Act
        await stack.PutAsync(RunningSystem.Quote(symbol, 162.25m));

        // Assert
        var toast = alerts.Page.Locator(".toast");
        await Assertions.Expect(toast).ToContainTextAsync($"{symbol} above 150.00", new() { Timeout = 20_000 });
        await Assertions.Expect(toast).ToContainTextAsync("162.25");
        var listed = alerts.Page.Locator($"#alerts li[data-rule='{ruleId}']");
        await Assertions.Expect(listed).ToContainTextAsync("Alerted");
        await alerts.Page.ReloadAsync();
        await Assertions.Expect(alerts.Page.Locator($"#alerts li[data-rule='{ruleId}']")).ToContainTextAsync("above 150.00 at 162.25", new() { Timeout = 15_000 });
        alerts.AssertNoErrors();
    }

    /// <summary>Adds an "above" rule and waits until pricing has stored it (it came over the bus from the portfolio's relay).</summary>
    internal static async Task<Guid> AddRuleAsync(RunningSystem stack, string subject, Guid portfolio, string symbol, decimal threshold)
    {
        using var api = stack.PortfolioApi(subject);
        var added = await RunningSystem.Succeeded(await api.PostAsJsonAsync(
            new Uri($"/api/portfolios/{portfolio}/alerts", UriKind.Relative),
            new { symbol, condition = "above", threshold, cooldownMinutes = 30 }));
        var ruleId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ruleId").GetGuid();
        await Eventually.HoldsAsync(
            async () => (await stack.Infra.DynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = stack.Resources.AlertRulesTable,
                Key = new() { ["ruleId"] = new AttributeValue(ruleId.ToString()) },
                ConsistentRead = true,
            })).Item is { Count: > 0 },
            $"pricing to store rule {ruleId}");
        return ruleId;
    }

    private Task<Guid> AddRuleAsync(string subject, Guid portfolio, string symbol, decimal threshold) => AddRuleAsync(stack, subject, portfolio, symbol, threshold);
}
