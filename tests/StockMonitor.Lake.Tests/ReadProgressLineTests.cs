using StockMonitor.Lake;
using StockMonitor.Sql;

namespace StockMonitor.Lake.Tests;

public class ReadProgressLineTests
{
    [Fact]
    public void When_parallel_reports_arrive_out_of_order_then_the_last_line_counts_every_object_and_download()
    {
        // Arrange: 12 objects downloaded in parallel; the report of the 12th arrives before the one of the 11th.
        using var stderr = new StringWriter();
        var line = new ReadProgressLine(stderr, interactive: false);
        for (var done = 1; done <= 10; done++)
        {
            line.Report(new LakeReadProgress($"k{done}", true, done, 12, done * 100L, done));
        }

        // Act
        line.Report(new LakeReadProgress("k12", true, 12, 12, 1200, 12));
        line.Report(new LakeReadProgress("k11", true, 11, 12, 1200, 12));

        // Assert
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("reading the lake: 12/12 objects (12 downloaded", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("reading the lake: 11/12", StringComparison.Ordinal));
    }
}
