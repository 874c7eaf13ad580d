using StockMonitor.Ingestion.Finnhub;

namespace StockMonitor.Ingestion.Tests.Finnhub;

public class ReconnectBackoffTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    [Fact]
    public void Next_doubles_the_ceiling_from_one_second_up_to_sixty_each_wait_between_half_and_the_ceiling()
    {
        var backoff = new ReconnectBackoff(Second, Minute, new Random(1));
        double[] ceilings = [1, 2, 4, 8, 16, 32, 60, 60, 60];

        var waits = ceilings.Select(_ => backoff.Next()).ToList();

        Assert.All(ceilings.Zip(waits), p => Assert.InRange(p.Second, TimeSpan.FromSeconds(p.First / 2), TimeSpan.FromSeconds(p.First)));
    }

    [Fact]
    public void Next_is_jittered_so_clients_dropped_together_do_not_return_together()
    {
        var waits = Enumerable.Range(0, 20).Select(seed => new ReconnectBackoff(Second, Minute, new Random(seed)).Next()).ToList();

        Assert.True(waits.Distinct().Count() > 10, string.Join(", ", waits));
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_wait()
    {
        var backoff = new ReconnectBackoff(Second, Minute, new Random(3));
        for (var i = 0; i < 10; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.InRange(backoff.Next(), Second / 2, Second);
        Assert.InRange(backoff.Next(), Second, 2 * Second);
    }
}
