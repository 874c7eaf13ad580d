using System.Net;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StockMonitor.Portfolio.Idempotency;
using static StockMonitor.Portfolio.Tests.Apis.PortfolioHttp;

namespace StockMonitor.Portfolio.Tests.Idempotency;

/// <summary>
/// An Idempotency-Key replays for <see cref="IdempotencyOptions.IdempotencyRetention"/> and no longer after: then the
/// same key runs the command anew, and the cleanup deletes the records past the retention, and only those.
/// </summary>
public class IdempotencyExpiryTests(PortfolioApiFixture api) : IClassFixture<PortfolioApiFixture>
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    [Fact]
    public async Task Record_replays_until_the_retention_and_not_after()
    {
        // Arrange
        var time = new FakeTimeProvider(WholeSeconds(DateTimeOffset.UtcNow));
        var records = new IdempotencyRecords(api.Store, time, Options());
        var record = await StoreAsync(time.GetUtcNow());
        var key = new IdempotencyKey(record.Id, record.RequestHash);

        // Act
        time.Advance(Retention - TimeSpan.FromSeconds(1));
        var justBefore = await records.ReplayAsync(new DefaultHttpContext(), key, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var atRetention = await records.ReplayAsync(new DefaultHttpContext(), key, CancellationToken.None);

        // Assert: the expired record is gone, so the command's commit can store its new answer
        Assert.NotNull(justBefore);
        Assert.Null(atRetention);
        await using var session = api.Store.QuerySession();
        Assert.Null(await session.LoadAsync<IdempotencyRecord>(record.Id));
    }

    [Fact]
    public async Task Cleanup_deletes_the_records_past_the_retention_in_batches_and_keeps_the_others()
    {
        // Arrange: the cleanup runs "now + 10 years", so only this test's records are near its cutoff
        var time = new FakeTimeProvider(WholeSeconds(DateTimeOffset.UtcNow.AddYears(10)));
        var now = time.GetUtcNow();
        var expired = new[] { await StoreAsync(now - Retention - TimeSpan.FromDays(1)), await StoreAsync(now - Retention - TimeSpan.FromSeconds(1)), await StoreAsync(now - Retention) };
        var kept = new[] { await StoreAsync(now - Retention + TimeSpan.FromSeconds(1)), await StoreAsync(now) };
        var cleanup = new IdempotencyCleanup(api.Store, time, Options(), NullLogger<IdempotencyCleanup>.Instance);

        // Act
        await cleanup.CleanUpAsync(now, CancellationToken.None, batchSize: 2);

        // Assert
        await using var session = api.Store.QuerySession();
        var left = (await session.LoadManyAsync<IdempotencyRecord>(expired.Concat(kept).Select(r => r.Id).ToArray())).Select(r => r.Id);
        Assert.Equal(kept.Select(r => r.Id).Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task When_a_key_is_reused_after_the_retention_then_the_command_runs_again()
    {
        // Arrange: a deposit under a key, whose record is then aged past the retention
        var id = (await api.Client.OpenAsync()).Id;
        var key = $"deposit-{Guid.NewGuid()}";
        var first = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m, at = Day(2) }, idempotencyKey: key);
        await first.ExpectAsync(HttpStatusCode.OK);
        await AgeAsync(key, Retention + TimeSpan.FromSeconds(1));

        // Act
        var again = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m, at = Day(2) }, idempotencyKey: key);
        var third = await api.Client.PostAsync(PathOf(id, "/deposits"), new { amount = 10m, at = Day(2) }, idempotencyKey: key);

        // Assert: the aged key deposited again; its new record replays as usual
        Assert.Equal(20m, (await again.ViewAsync()).Cash);
        Assert.False(again.Headers.Contains(IdempotencyRecords.ReplayedHeader));
        Assert.Equal(20m, (await third.ViewAsync()).Cash);
        Assert.True(third.Headers.Contains(IdempotencyRecords.ReplayedHeader));
        Assert.Equal(20m, (await api.Client.GetViewAsync(id)).Cash);
    }

    /// <summary>A time the database stores exactly (it keeps microseconds), so that the boundary cases are exact.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static IOptions<IdempotencyOptions> Options() => Microsoft.Extensions.Options.Options.Create(new IdempotencyOptions { IdempotencyRetention = Retention });

    private async Task<IdempotencyRecord> StoreAsync(DateTimeOffset createdAt)
    {
        var record = new IdempotencyRecord($"test\n{Guid.NewGuid()}", "HASH", 200, "{}", "\"1\"", null, createdAt);
        await using var session = api.Store.LightweightSession();
        session.Store(record);
        await session.SaveChangesAsync();
        return record;
    }

    /// <summary>Moves the record of the demo subject's <paramref name="key"/> back by <paramref name="age"/>.</summary>
    private async Task AgeAsync(string key, TimeSpan age)
    {
        await using var session = api.Store.LightweightSession();
        var record = await session.LoadAsync<IdempotencyRecord>($"{StockMonitor.Auth.LocalTokens.DemoSubject}\n{key}");
        Assert.NotNull(record);
        session.Store(record with { CreatedAt = record.CreatedAt - age });
        await session.SaveChangesAsync();
    }
}
