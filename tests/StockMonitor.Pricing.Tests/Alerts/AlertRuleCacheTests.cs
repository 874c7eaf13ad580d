using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Portfolios;
using StockMonitor.Pricing.Alerts;

namespace StockMonitor.Pricing.Tests.Alerts;

public class AlertRuleCacheTests
{
    private static readonly Guid RuleId = Guid.NewGuid();

    [Fact]
    public async Task Rules_are_read_once_per_max_age_without_an_invalidation()
    {
        var (client, scans) = ScriptedScans.Create();
        scans.Enqueue(Task.FromResult(WithRule()));
        using var cache = new AlertRuleCache(new AlertRuleStore(client, Options.Create(new AwsResources())), TimeProvider.System);

        var first = await cache.ForSymbolAsync("AAPL", CancellationToken.None);
        var second = await cache.ForSymbolAsync("AAPL", CancellationToken.None);

        Assert.Equal(1, scans.Count);
        Assert.Equal([RuleId], first.Select(r => r.RuleId));
        Assert.Equal([RuleId], second.Select(r => r.RuleId));
    }

    [Fact]
    public async Task A_rule_stored_while_the_rules_are_being_read_is_seen_at_the_next_evaluation()
    {
        var (client, scans) = ScriptedScans.Create();
        var inFlight = new TaskCompletionSource<ScanResponse>();
        scans.Enqueue(inFlight.Task);
        scans.Enqueue(Task.FromResult(WithRule()));
        using var cache = new AlertRuleCache(new AlertRuleStore(client, Options.Create(new AwsResources())), TimeProvider.System);

        var reading = cache.ForSymbolAsync("AAPL", CancellationToken.None); // a read of the table starts...
        cache.Invalidate();                                                 // ...the rule is stored meanwhile...
        inFlight.SetResult(new ScanResponse { Items = [] });                // ...and the read, begun before, misses it
        Assert.Empty(await reading);

        var next = await cache.ForSymbolAsync("AAPL", CancellationToken.None);

        Assert.Equal([RuleId], next.Select(r => r.RuleId));
    }

    private static ScanResponse WithRule() => new()
    {
        Items =
        [
            new()
            {
                ["ruleId"] = new(RuleId.ToString()),
                ["portfolioId"] = new(Guid.NewGuid().ToString()),
                ["symbol"] = new("AAPL"),
                ["condition"] = new(AlertConditions.Above),
                ["threshold"] = new() { N = "100" },
                ["cooldownMinutes"] = new() { N = "0" },
                ["removed"] = new() { BOOL = false },
            },
        ],
    };
}
