using Microsoft.Extensions.Time.Testing;
using StockMonitor.Ingestion.RateLimiting;

namespace StockMonitor.Ingestion.Tests.RateLimiting;

public class TokenBucketTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryTake_starts_full_and_refuses_once_the_capacity_is_spent()
    {
        var bucket = new TokenBucket(5, 5, TimeSpan.FromMinutes(1), time);

        var taken = Enumerable.Range(0, 5).Count(_ => bucket.TryTake());

        Assert.Equal(5, taken);
        Assert.False(bucket.TryTake());
        Assert.Equal(0, bucket.Available);
    }

    [Fact]
    public void Refill_adds_one_token_per_period_share_to_the_tick()
    {
        // 10 a minute: one token every 6 s.
        var bucket = new TokenBucket(10, 10, TimeSpan.FromMinutes(1), time);
        Drain(bucket);

        time.Advance(TimeSpan.FromSeconds(6) - TimeSpan.FromTicks(1));
        var before = bucket.TryTake();
        time.Advance(TimeSpan.FromTicks(1));
        var at = bucket.TryTake();

        Assert.False(before);
        Assert.True(at);
        Assert.False(bucket.TryTake());
    }

    [Fact]
    public void Refill_of_a_rate_that_is_not_a_whole_number_of_ticks_does_not_drift()
    {
        // 7 a minute: 60/7 s = 85,714,285.71 ticks per token.
        var bucket = new TokenBucket(7, 7, TimeSpan.FromMinutes(1), time);
        Drain(bucket);

        var first = bucket.TimeUntilAvailable();
        for (var i = 0; i < 60; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            _ = bucket.Available;
        }

        Assert.Equal(TimeSpan.FromTicks(85_714_286), first);
        Assert.Equal(7, bucket.Available);
    }

    [Fact]
    public void Refill_never_exceeds_the_capacity()
    {
        var bucket = new TokenBucket(3, 3, TimeSpan.FromMinutes(1), time);
        Assert.True(bucket.TryTake());

        time.Advance(TimeSpan.FromDays(400));

        Assert.Equal(3, bucket.Available);
        Assert.Equal(3, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
    }

    [Fact]
    public async Task WaitAsync_completes_exactly_when_the_next_token_is_due()
    {
        var bucket = new TokenBucket(2, 2, TimeSpan.FromSeconds(10), time);
        Drain(bucket);

        var wait = bucket.WaitAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        var completedEarly = wait.IsCompleted;
        time.Advance(TimeSpan.FromTicks(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(completedEarly);
        Assert.Equal(0, bucket.Available);
        Assert.Equal(TimeSpan.FromSeconds(5), bucket.TimeUntilAvailable());
    }

    [Fact]
    public async Task WaitAsync_takes_at_once_when_a_token_is_available()
    {
        var bucket = new TokenBucket(2, 2, TimeSpan.FromSeconds(10), time);

        await bucket.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, bucket.Available);
    }

    [Fact]
    public async Task WaitAsync_gives_up_when_cancelled_without_taking_a_token()
    {
        var bucket = new TokenBucket(1, 1, TimeSpan.FromSeconds(10), time);
        Drain(bucket);
        using var cancel = new CancellationTokenSource();

        var wait = bucket.WaitAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, bucket.Available);
    }

    private static void Drain(TokenBucket bucket)
    {
        while (bucket.TryTake())
        {
        }
    }
}
