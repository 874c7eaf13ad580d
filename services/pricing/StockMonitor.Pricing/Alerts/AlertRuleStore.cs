using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using StockMonitor.Aws;
using StockMonitor.Contracts.Portfolios;

namespace StockMonitor.Pricing.Alerts;

/// <summary>
/// The alert rules table (<c>stockmonitor-alert-rules</c>, key <c>ruleId</c>). Added rules are inserted once,
/// removals leave a tombstone (so a late "added" cannot bring a rule back), and evaluation state moves forward
/// only with newer prices.
/// </summary>
public sealed class AlertRuleStore(IAmazonDynamoDB dynamoDb, IOptions<AwsResources> resources)
{
    private readonly string table = resources.Value.AlertRulesTable;

    public async Task AddAsync(AlertRuleAdded rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var item = new Dictionary<string, AttributeValue>
        {
            ["ruleId"] = new(rule.RuleId.ToString()),
            ["portfolioId"] = new(rule.PortfolioId.ToString()),
            ["symbol"] = new(rule.Symbol),
            ["condition"] = new(rule.Condition),
            ["threshold"] = DynamoNumber.Of(rule.Threshold),
            ["cooldownMinutes"] = DynamoNumber.Of(rule.CooldownMinutes),
            ["removed"] = new AttributeValue { BOOL = false },
        };
        if (rule.WindowMinutes is { } window)
        {
            item["windowMinutes"] = DynamoNumber.Of(window);
        }

        // False when already there (a redelivery), or removed already: either way nothing to do.
        await dynamoDb.TryPutItemAsync(new PutItemRequest { TableName = table, Item = item, ConditionExpression = "attribute_not_exists(ruleId)" }, cancellationToken);
    }

    public Task RemoveAsync(AlertRuleRemoved rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return dynamoDb.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = new() { ["ruleId"] = new(rule.RuleId.ToString()) },
                UpdateExpression = "SET removed = :true, symbol = if_not_exists(symbol, :symbol)",
                ExpressionAttributeValues = new() { [":true"] = new AttributeValue { BOOL = true }, [":symbol"] = new(rule.Symbol) },
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<AlertRule>> ListAsync(CancellationToken cancellationToken) =>
        await dynamoDb.ScanItemsAsync(new ScanRequest { TableName = table, ConsistentRead = true }, cancellationToken)
            .Where(i => i.ContainsKey("condition"))
            .Select(FromItem)
            .ToListAsync(cancellationToken);

    public async Task<AlertRule?> GetAsync(Guid ruleId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = table, Key = new() { ["ruleId"] = new(ruleId.ToString()) }, ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item && item.ContainsKey("condition") ? FromItem(item) : null;
    }

    /// <summary>Records an evaluation at <paramref name="observedAt"/> unless a newer price was evaluated already; returns whether it did.</summary>
    public async Task<bool> TryRecordAsync(AlertRule rule, AlertDecision decision, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(decision);
        var values = new Dictionary<string, AttributeValue>
        {
            [":met"] = new AttributeValue { BOOL = decision.Met },
            [":at"] = DynamoTime.Of(observedAt),
            [":false"] = new AttributeValue { BOOL = false },
        };
        var update = "SET lastMet = :met, lastObservedAt = :at";
        if (decision.Fires)
        {
            update += ", lastFiredAt = :at";
        }

        var updated = await dynamoDb.TryUpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = table,
                Key = new() { ["ruleId"] = new(rule.RuleId.ToString()) },
                UpdateExpression = update,
                ConditionExpression = "removed = :false AND (attribute_not_exists(lastObservedAt) OR lastObservedAt < :at)",
                ExpressionAttributeValues = values,
            },
            cancellationToken);
        return updated is not null;
    }

    private static AlertRule FromItem(Dictionary<string, AttributeValue> item)
    {
        DateTimeOffset? Time(string name) => item.TryGetValue(name, out var v) ? DynamoTime.Parse(v.S) : null;
        int? Int(string name) => item.TryGetValue(name, out var v) ? DynamoNumber.ParseInt32(v) : null;

        return new AlertRule(
            Guid.Parse(item["ruleId"].S, CultureInfo.InvariantCulture),
            Guid.Parse(item["portfolioId"].S, CultureInfo.InvariantCulture),
            item["symbol"].S,
            item["condition"].S,
            DynamoNumber.Parse(item["threshold"]),
            Int("windowMinutes"),
            Int("cooldownMinutes") ?? 0,
            item.TryGetValue("removed", out var removed) && removed.BOOL == true,
            item.TryGetValue("lastMet", out var met) ? met.BOOL : null,
            Time("lastObservedAt"),
            Time("lastFiredAt"));
    }
}
