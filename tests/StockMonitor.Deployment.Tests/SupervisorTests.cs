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
    [Fact]
    public async Task A_broker_killed_by_its_status_pid_is_shown_not_running_restarted_by_up_and_fully_stopped_by_down()
    {
        // Arrange
        await using var stack = StackUnderTest.Create();
        var amqp = stack.ServerPorts["rabbitmq"];
        await UpAsync(stack);
        var (firstPid, _, _) = await stack.StatusOfAsync("rabbitmq");

        // Act: the pid status shows dies, as in a crash
        Kill(firstPid);
        var (_, stateAfterKill, lineAfterKill) = await stack.StatusOfAsync("rabbitmq");
        await UpAsync(stack);
        var (secondPid, stateAfterUp, lineAfterUp) = await stack.StatusOfAsync("rabbitmq");
        var answeredAfterUp = StackUnderTest.Answers(amqp);
        Kill(secondPid);
        var (downExit, downOutput) = await stack.RunAsync("down");

        // Assert
        Assert.NotEqual("running", stateAfterKill);
        Assert.True(stateAfterUp == "running" && secondPid != firstPid, $"after up: {lineAfterUp} (before: {lineAfterKill})");
        Assert.True(answeredAfterUp, $"nothing answers on the broker's port {amqp} after up");
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

    /// <summary>SIGKILL to that one process (not its children).</summary>
    private static void Kill(string pid)
    {
        using var process = Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
        process.Kill(entireProcessTree: false);
    }
}
