using System.Diagnostics;
using System.Globalization;

namespace StockMonitor.Deployment.Tests;

/// <summary>
/// The local supervisor (<c>./stockmonitor up/status/down</c>, scripts/lib/) keeps track of the real server
/// processes: a server killed from outside is shown as not running, restarted by <c>up</c>, and <c>down</c> leaves
/// nothing of the stack behind. Runs on a stack of its own (<see cref="StackUnderTest"/>), never the dev or test stack.
/// </summary>
public sealed class SupervisorTests
{
    private static readonly string[] Servers = ["postgres", "rabbitmq", "kinesalite", "dynalite", "s3rver"];

    [Fact]
    public async Task Servers_killed_by_the_pids_status_shows_are_shown_not_running_restarted_by_up_and_fully_stopped_by_down()
    {
        // Arrange
        await using var stack = StackUnderTest.Create();
        await UpAsync(stack);
        var first = await stack.StatusAsync();

        // Act: the pid status shows of each server dies (kill -9, as in a crash; rabbitmq's is rabbitmq-server, whose beam.smp lives on)
        KillAll(first);
        var afterKill = await stack.StatusAsync();
        await UpAsync(stack);
        var afterUp = await stack.StatusAsync();
        var closedAfterUp = Servers.Where(s => !StackUnderTest.Answers(stack.ServerPorts[s])).ToList();
        KillAll(afterUp);
        var (downExit, downOutput) = await stack.RunAsync("down");

        // Assert
        Assert.All(Servers, s => Assert.True(afterKill[s].State != "running", $"after the kill: {afterKill[s].Line}"));
        Assert.All(Servers, s => Assert.True(
            afterUp[s].State == "running" && afterUp[s].Pid != first[s].Pid,
            $"after up: {afterUp[s].Line} (after the kill: {afterKill[s].Line})"));
        Assert.True(closedAfterUp.Count == 0, $"nothing answers on the port of {string.Join(", ", closedAfterUp)} after up");
        Assert.True(downExit == 0, $"down exited with {downExit}:{Environment.NewLine}{downOutput}");
        var left = await LeftOverAsync(stack);
        Assert.True(left.Count == 0, $"left after down: {string.Join(", ", left)}; down said:{Environment.NewLine}{downOutput}");
    }

    /// <summary>The stack's live processes and open ports, polled for a few seconds (an exit is seen a moment late).</summary>
    private static async Task<IReadOnlyList<string>> LeftOverAsync(StackUnderTest stack)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            var left = stack.LiveProcesses().Concat(stack.OpenPorts().Select(p => "port " + p)).ToList();
            if (left.Count == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return left;
            }

            await Task.Delay(200);
        }
    }

    private static async Task UpAsync(StackUnderTest stack)
    {
        var (exit, output) = await stack.RunAsync("up", "--servers-only");
        Assert.True(exit == 0, $"up --servers-only exited with {exit}:{Environment.NewLine}{output}");
    }

    /// <summary>SIGKILL to the process each server's status line shows (not to its children).</summary>
    private static void KillAll(IReadOnlyDictionary<string, (string Pid, string State, string Line)> status)
    {
        foreach (var server in Servers)
        {
            Assert.True(status[server].State == "running", $"before the kill: {status[server].Line}");
            using var process = Process.GetProcessById(int.Parse(status[server].Pid, CultureInfo.InvariantCulture));
            process.Kill(entireProcessTree: false);
        }
    }
}
