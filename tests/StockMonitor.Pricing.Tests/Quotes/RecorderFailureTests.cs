using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using StockMonitor.Contracts.Pricing;
using StockMonitor.Contracts.Quotes;
using StockMonitor.Pricing.Quotes;
using StockMonitor.ServiceDefaults;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests.Quotes;

/// <summary>How the quote recorder meets failures: a poison quote, DynamoDB down or hanging, a redelivery after a lost confirm.</summary>
public class RecorderFailureTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_poison_quote_goes_to_the_error_queue_alone_with_its_reason_and_the_rest_of_its_run_is_recorded()
    {
        await using var host = await PricingHost.StartAsync();
        var feed = new QuoteFeed(host);
        var good = Enumerable.Range(0, 40).Select(i => feed.Next($"GOOD{i % 4}", 100m + i, Start.AddSeconds(i))).ToList();
        // Valid as a quote, but its latest item would exceed DynamoDB's 400 KB: DynamoDB rejects it, and only it.
        var huge = feed.Next("HUGE", 50m, Start.AddSeconds(20)) is var h ? h with { Quote = h.Quote with { Source = new string('s', 420_000) } } : null;
        var zero = feed.Next("ZERO", 1m, Start.AddSeconds(21)) is var z ? z with { Quote = z.Quote with { Price = 0m } } : null;

        // One run, as the bridge publishes a shard's records: the two poison quotes in the middle of it.
        await host.Bus.PublishQuotesAsync(good.Take(20).Append(huge!).Append(zero!).Concat(good.Skip(20)).ToList());

        await Eventually.HoldsAsync(() => Task.FromResult(host.QuotesProcessed == 40), "the 40 good quotes recorded");
        for (var s = 0; s < 4; s++)
        {
            var newest = good.Where(q => q.Quote.Symbol == $"GOOD{s}").MaxBy(q => q.Quote.ObservedAt)!;
            Assert.Equal(newest.Quote.Price.ToString(System.Globalization.CultureInfo.InvariantCulture), (await host.LatestItemAsync(newest.Quote.Symbol))?["price"].N);
        }

        var queue = BusTopology.EndpointNames(host.BusPrefix, "pricing").Consumer<QuotesReceivedConsumer>();
        var letters = await Eventually.ReturnsAsync(
            async () => await DeadLetter.TakeAllAsync(host.Infra.Servers.RabbitMq, queue) is { Count: > 0 } taken ? taken : null,
            "the dead letters");
        while (letters.Count < 2)
        {
            letters = [.. letters, .. await Eventually.ReturnsAsync(async () => await DeadLetter.TakeAllAsync(host.Infra.Servers.RabbitMq, queue) is { Count: > 0 } more ? more : null, "the second dead letter")];
        }

        Assert.Equal(2, letters.Count);
        Assert.All(letters, l => Assert.Equal(typeof(PoisonQuoteException).FullName, l.ExceptionType));
        var bySymbol = letters.ToDictionary(l => JsonDocument.Parse(l.Body).RootElement.GetProperty("message").GetProperty("quotes")[0].GetProperty("quote").GetProperty("symbol").GetString()!);
        Assert.Equal("price 0 is not a positive amount", bySymbol["ZERO"].Reason);
        Assert.Contains("exceeded the maximum allowed size", bySymbol["HUGE"].Reason, StringComparison.Ordinal);
        Assert.Null(await host.LatestItemAsync("HUGE"));
        Assert.Null(await host.LatestItemAsync("ZERO"));
    }

    [Fact]
    public async Task While_DynamoDB_refuses_connections_quotes_wait_unacknowledged_and_all_are_recorded_once_it_is_back()
    {
        await using var proxy = TcpProxy.To(new Uri((await TestInfrastructure.GetAsync()).Servers.AwsEnvironment["AWS_ENDPOINT_URL_DYNAMODB"]));
        await using var host = await PricingHost.StartWithSettingsAsync(
            new Dictionary<string, string> { ["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.Endpoint.ToString(), ["Pricing:MaxRetryDelay"] = "00:00:00.500" },
            typeof(PriceChanged));
        var feed = new QuoteFeed(host);
        await feed.PublishAndWaitAsync("DOWN", 10m, Start);

        proxy.Mode = ProxyMode.Refuse;
        var during = Enumerable.Range(1, 20).Select(i => feed.Next("DOWN", 10m + i, Start.AddSeconds(i), volume: 1_000m * i)).ToList();
        foreach (var quote in during)
        {
            await feed.PublishAsync(quote);
        }

        var degraded = await Eventually.ReturnsAsync(
            async () => await HealthAsync(host) is { Status: "Degraded" } report ? report : null,
            "the recorder to report its failing attempts");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode);
        Assert.Contains("retried", degraded.Description, StringComparison.Ordinal);
        Assert.Equal("10", (await host.LatestItemAsync("DOWN"))?["price"].N);
        Assert.Equal(1, host.QuotesProcessed);

        proxy.Mode = ProxyMode.Forward;

        await Eventually.HoldsAsync(() => Task.FromResult(host.QuotesProcessed == 21), "the 20 waiting quotes recorded");
        Assert.Equal("30", (await host.LatestItemAsync("DOWN"))?["price"].N);
        await host.WaitForStatisticsAsync("DOWN", 21);
        Assert.Equal("Healthy", (await HealthAsync(host)).Status);
        var announced = host.Bus.Received<PriceChanged>().Select(p => p.Price).Distinct().Order().ToList();
        Assert.Equal(10m, announced[0]);
        Assert.Equal(30m, announced[^1]);
    }

    [Fact]
    public async Task A_recorder_stuck_on_a_call_that_never_answers_turns_alive_unhealthy_and_recovers_when_it_is_answered()
    {
        await using var proxy = TcpProxy.To(new Uri((await TestInfrastructure.GetAsync()).Servers.AwsEnvironment["AWS_ENDPOINT_URL_DYNAMODB"]));
        await using var host = await PricingHost.StartWithSettingsAsync(new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_DYNAMODB"] = proxy.Endpoint.ToString(),
            ["Pricing:StallTimeout"] = "00:00:03",
            ["Pricing:PublishTimeout"] = "00:00:01",
            ["Pricing:MaxRetryDelay"] = "00:00:00.500",
        });
        var feed = new QuoteFeed(host);
        await feed.PublishAndWaitAsync("HANG", 10m, Start);

        proxy.Mode = ProxyMode.BlackHole;
        await feed.PublishAsync(feed.Next("HANG", 11m, Start.AddSeconds(1)));

        await Eventually.HoldsAsync(
            async () => (await host.Client.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode == HttpStatusCode.ServiceUnavailable,
            "/alive to fail while the recorder is stuck");
        var report = await HealthAsync(host);
        Assert.Equal("Unhealthy", report.Status);
        Assert.Contains("no batch attempt started or ended", report.Description, StringComparison.Ordinal);

        proxy.Mode = ProxyMode.Forward;

        await Eventually.HoldsAsync(() => Task.FromResult(host.QuotesProcessed == 2), "the waiting quote recorded");
        Assert.Equal("11", (await host.LatestItemAsync("HANG"))?["price"].N);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_announcement_whose_publish_never_ends_and_ignores_cancellation_is_given_up_and_the_quote_is_recorded_and_announced()
    {
        // As a publish after a dropped broker connection can do: it neither completes nor honours its token.
        var stuck = new StuckPublishes<PriceChanged>(2);
        await using var host = await PricingHost.StartWithServicesAsync(
            new Dictionary<string, string> { ["Pricing:PublishTimeout"] = "00:00:01", ["Pricing:MaxRetryDelay"] = "00:00:00.500" },
            services => services.AddSingleton(sp => ActivatorUtilities.CreateInstance<QuoteRecorder>(sp, stuck.Around(sp.GetRequiredService<IBus>()))),
            typeof(PriceChanged));
        var feed = new QuoteFeed(host);

        await feed.PublishAndWaitAsync("STUCK", 42m, Start);

        Assert.Equal(2, stuck.Swallowed);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Bus.Received<PriceChanged>().Any(p => p.Symbol == "STUCK" && p.Price == 42m)), "the quote announced");
        Assert.Equal("42", (await host.LatestItemAsync("STUCK"))?["price"].N);
        Assert.Contains(host.Logs.Entries, e => e.Category == typeof(QuoteRecorder).FullName && e.Message.StartsWith("Recording a batch failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redelivered_quote_that_is_still_the_newest_is_announced_again_under_the_same_message_id()
    {
        await using var host = await PricingHost.StartAsync(typeof(PriceChanged));
        var feed = new QuoteFeed(host);
        var older = feed.Next("AGAIN", 20m, Start);
        var newest = feed.Next("AGAIN", 21m, Start.AddSeconds(1));
        await feed.PublishAndWaitAsync(older);
        await feed.PublishAndWaitAsync(newest);

        // As after a crash between storing and the broker's confirm: both come again.
        await feed.PublishAndWaitAsync(older);
        await feed.PublishAndWaitAsync(newest);

        await Eventually.HoldsAsync(() => Task.FromResult(host.Bus.Count<PriceChanged>() == 3), "three PriceChanged");
        var announced = host.Bus.ReceivedWithIds<PriceChanged>();
        Assert.Equal([20m, 21m, 21m], announced.Select(a => a.Message.Price));
        Assert.Equal(announced[1].MessageId, announced[2].MessageId);
        Assert.Equal(announced[1].Message, announced[2].Message);
        Assert.NotEqual(announced[0].MessageId, announced[1].MessageId);
    }

    /// <summary>
    /// The quote recorder's check (from the internal details endpoint): with DynamoDB refused, readiness as a whole is
    /// Unhealthy through the dependency check, and this says what the recorder itself does meanwhile.
    /// </summary>
    private static async Task<HealthReport> HealthAsync(PricingHost host)
    {
        var (status, description) = await HealthAnswer.CheckAsync(host.Client, "quote-recorder");
        return new HealthReport(status, description);
    }

    private sealed record HealthReport(string Status, string Description);
}
