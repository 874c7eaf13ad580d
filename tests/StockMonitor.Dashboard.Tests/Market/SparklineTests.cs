using StockMonitor.Dashboard.Market;

namespace StockMonitor.Dashboard.Tests.Market;

public sealed class SparklineTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset At = new(2026, 12, 4, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_keeps_the_last_price_of_each_step()
    {
        var line = Sparkline.Empty
            .With(At.AddMinutes(1), 100m, Step, Window)
            .With(At.AddMinutes(4), 101m, Step, Window)
            .With(At.AddMinutes(6), 102m, Step, Window);

        Assert.Equal([new SparkPoint(At, 101m), new SparkPoint(At.AddMinutes(5), 102m)], line.Points);
    }

    [Fact]
    public void With_drops_the_points_that_left_the_window()
    {
        var line = Sparkline.Empty
            .With(At, 100m, Step, Window)
            .With(At.AddMinutes(30), 101m, Step, Window)
            .With(At.AddMinutes(61), 102m, Step, Window);

        Assert.Equal([At.AddMinutes(30), At.AddMinutes(60)], line.Points.Select(p => p.At));
    }

    [Fact]
    public void With_an_older_step_changes_nothing()
    {
        var line = Sparkline.Empty.With(At.AddMinutes(10), 100m, Step, Window);

        var same = line.With(At.AddMinutes(2), 99m, Step, Window);

        Assert.Same(line, same);
    }
}
