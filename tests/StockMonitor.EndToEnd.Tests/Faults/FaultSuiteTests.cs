using System.Diagnostics;
using System.Globalization;
using System.Text;
using StockMonitor.Testing;
using Xunit.Abstractions;

namespace StockMonitor.EndToEnd.Tests.Faults;

/// <summary>
/// The fault suite (issue 14): one long-lived system on servers of its own (<see cref="FaultSystem"/>), the suite's
/// quotes flowing into Kinesis (~160/s, <see cref="QuoteFeed"/>) and portfolio commands being recorded over HTTP
/// (<see cref="CommandRecorder"/>), while each service and each server in turn is killed with SIGKILL in the middle of
/// the flow and started again 2 s later on the same port and data. After each fault, with the segment's quotes all put,
/// it checks from the outside (<see cref="Checkpoint"/>) that every quote is counted exactly once in the bars and the
/// lake, the latest prices are the newest quotes', every acknowledged command is in the portfolio exactly once, the
/// other services kept their process (no restart of their own) and every <c>/health</c> is green again. A fault that
/// does not recover is recorded with what was measured and the suite goes on; the test fails at the end naming every
/// failed fault. The per-fault table (docs/reliability.md) is written to the test output and, when
/// <c>STOCKMONITOR_FAULT_REPORT</c> names a file, there (progress lines go to <c>STOCKMONITOR_FAULT_PROGRESS</c>); <c>STOCKMONITOR_FAULT_ROUNDS</c> repeats the faults
/// (<c>./stockmonitor chaos --rounds N</c>).
/// </summary>
public class FaultSuiteTests(ITestOutputHelper output)
{
    /// <summary>Quotes put per fault: 11 faults × 2,000 = 22,000 quotes a round.</summary>
    private const int QuotesPerFault = 2_000;

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    [Trait("Category", "Faults")]
    public async Task Every_service_and_server_killed_and_restarted_during_flow_loses_and_duplicates_nothing()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("STOCKMONITOR_FAULT_ROUNDS"), CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 1;
        var clock = Stopwatch.StartNew();
        await using var system = await FaultSystem.StartAsync(Log);
        Log($"{clock.Elapsed.TotalSeconds:0} s: servers and services up (stream {system.Resources.QuoteStream}, bus prefix, lake {system.Resources.LakeBucket})");
        var feed = new QuoteFeed(system.Kinesis, system.Resources.QuoteStream);
        var commands = new CommandRecorder(() => system.Services["portfolio"].BaseAddress);
        await commands.OpenAsync();
        using var stop = new CancellationTokenSource();
        var recording = commands.RecordAsync(stop.Token);
        var lake = new Dictionary<string, List<string>>();
        var results = new List<FaultResult>();
        var previous = new Checkpoint(0, 0, 0, 0, 0, 0, 0);
        try
        {
            // A first segment without a fault: the system works before anything is killed.
            await feed.FeedAsync(QuotesPerFault / 4, stop.Token);
            var (baseline, _) = await SettleAsync(system, feed, commands, recording, lake);
            Assert.True(baseline.Exact, $"before any fault: {baseline}{Environment.NewLine}{AllDiagnostics(system)}");
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var fault in FaultSystem.ServiceNames.Concat(FaultSystem.ServerNames))
                {
                    var result = await InjectAsync(system, fault, feed, commands, recording, lake, previous);
                    results.Add(result with { Round = round });
                    previous = result.State;
                    Log($"{clock.Elapsed.TotalSeconds:0} s: {result.Line()}");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await recording.ContinueWith(_ => { }, TaskScheduler.Default);
            var report = Report(results, feed, commands, rounds, clock.Elapsed);
            Log(report);
            if (Environment.GetEnvironmentVariable("STOCKMONITOR_FAULT_REPORT") is { Length: > 0 } file)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
                await File.WriteAllTextAsync(file, report);
            }
        }

        Assert.True(feed.Count >= 20_000 * rounds, $"only {feed.Count} quotes were put");
        var failed = results.Where(f => !f.Passed).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {results.Count} faults did not recover exactly:{Environment.NewLine}{string.Join(Environment.NewLine, failed.Select(f => f.Line()))}");
    }

    private async Task<FaultResult> InjectAsync(
        FaultSystem system, string fault, QuoteFeed feed, CommandRecorder commands, Task recording, Dictionary<string, List<string>> lake, Checkpoint previous)
    {
        var notes = new List<string>();
        var segmentStart = feed.Count;
        var feeding = feed.FeedAsync(QuotesPerFault, CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(feed.Count >= segmentStart + QuotesPerFault / 4), "a quarter of the segment put before the kill", TimeSpan.FromMinutes(1));
        var others = FaultSystem.ServiceNames.Where(n => n != fault).ToDictionary(n => n, n => system.ProcessId(n));

        system.Kill(fault);
        await Task.Delay(Outage);
        var restarted = Stopwatch.StartNew();
        try
        {
            await system.RestartAsync(fault);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            notes.Add($"did not start again: {ex.Message[..Math.Min(300, ex.Message.Length)]}");
        }

        TimeSpan? healthy = null;
        List<string> unhealthy = [];
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < RecoveryTimeout)
        {
            unhealthy = await system.UnhealthyAsync();
            if (unhealthy.Count == 0)
            {
                healthy = restarted.Elapsed;
                break;
            }

            await Task.Delay(200);
        }

        if (healthy is null)
        {
            notes.Add($"/health not green after {RecoveryTimeout.TotalSeconds:0} s: {string.Join(", ", unhealthy)}");
        }

        await feeding.WaitAsync(TimeSpan.FromMinutes(2));
        var (state, caughtUp) = await SettleAsync(system, feed, commands, recording, lake);
        if (!state.Exact)
        {
            notes.Add($"not exact {RecoveryTimeout.TotalSeconds:0} s after the last quote was put: {state}");
        }

        var restartedThemselves = others.Where(o => system.ProcessId(o.Key) != o.Value).Select(o => o.Key).ToList();
        if (restartedThemselves.Count > 0)
        {
            notes.Add($"process changed or exited: {string.Join(", ", restartedThemselves)}");
        }

        if (notes.Count > 0)
        {
            Log($"--- {fault} failed; recent output of each process:{Environment.NewLine}{AllDiagnostics(system)}");
        }

        return new FaultResult(fault, 1, healthy, caughtUp, state, Delta(state, previous), restartedThemselves.Count == 0, notes.Count == 0, string.Join("; ", notes));
    }

    /// <summary>Polls the checkpoint until it is exact or the timeout passes; returns the last state and, when exact, how long it took.</summary>
    private static async Task<(Checkpoint State, TimeSpan? CaughtUp)> SettleAsync(
        FaultSystem system, QuoteFeed feed, CommandRecorder commands, Task recording, Dictionary<string, List<string>> lake)
    {
        var quotes = feed.Snapshot();
        var waited = Stopwatch.StartNew();
        Checkpoint? state = null;
        while (true)
        {
            if (recording.IsFaulted)
            {
                await recording;
            }

            var acknowledged = commands.Acknowledged();
            try
            {
                state = await Checkpoint.TakeAsync(system, quotes, acknowledged, commands, lake);
                if (state.Exact)
                {
                    return (state, waited.Elapsed);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && waited.Elapsed < RecoveryTimeout)
            {
            }

            if (waited.Elapsed >= RecoveryTimeout)
            {
                return (state ?? await Checkpoint.TakeAsync(system, quotes, acknowledged, commands, lake), null);
            }

            await Task.Delay(1_000);
        }
    }

    /// <summary>What got worse since the last fault (losses and duplicates already there are the earlier fault's).</summary>
    private static Checkpoint Delta(Checkpoint now, Checkpoint before) => new(
        Math.Max(0, now.BarsLost - before.BarsLost),
        Math.Max(0, now.BarsDuplicated - before.BarsDuplicated),
        Math.Max(0, now.LatestWrong - before.LatestWrong),
        Math.Max(0, now.LakeLost - before.LakeLost),
        Math.Max(0, now.LakeDuplicated - before.LakeDuplicated),
        Math.Max(0, now.CommandsLost - before.CommandsLost),
        Math.Max(0, now.CommandsDuplicated - before.CommandsDuplicated));

    private static string AllDiagnostics(FaultSystem system)
    {
        var text = new StringBuilder();
        foreach (var name in FaultSystem.ServiceNames.Concat(FaultSystem.ServerNames))
        {
            var lines = system.Diagnostics(name).Split(Environment.NewLine);
            text.AppendLine(CultureInfo.InvariantCulture, $"[{name}]").AppendJoin(Environment.NewLine, lines.TakeLast(12)).AppendLine();
        }

        return text.ToString();
    }

    private static string Report(List<FaultResult> results, QuoteFeed feed, CommandRecorder commands, int rounds, TimeSpan took)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd}: {rounds} round(s), {feed.Count:N0} quotes put ({feed.FailedCalls} PutRecords calls retried), {commands.AcknowledgedCount:N0} portfolio commands acknowledged ({commands.Retries} sends retried under the same key), {took.TotalMinutes:0.0} min.");
        text.AppendLine();
        text.AppendLine("| round | fault (SIGKILL, restart after 2 s) | /health green after restart | exact after last quote put | quotes lost (bars / lake) | quotes duplicated (bars / lake) | latest prices wrong | commands lost / duplicated | others kept their pid | result | notes |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var f in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Round} | {f.Fault} | {Seconds(f.Healthy)} | {Seconds(f.CaughtUp)} | {f.Added.BarsLost} / {f.Added.LakeLost} | {f.Added.BarsDuplicated} / {f.Added.LakeDuplicated} | {f.Added.LatestWrong} | {f.Added.CommandsLost} / {f.Added.CommandsDuplicated} | {(f.SamePids ? "yes" : "no")} | {(f.Passed ? "pass" : "**fail**")} | {f.Notes.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return text.ToString();

        static string Seconds(TimeSpan? t) => t is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.TotalSeconds:0.0} s") : "never";
    }

    /// <summary>To the test output and, while it runs, to <c>STOCKMONITOR_FAULT_PROGRESS</c> when set (the test output is shown only at the end).</summary>
    private void Log(string line)
    {
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("STOCKMONITOR_FAULT_PROGRESS") is { Length: > 0 } progress)
        {
            File.AppendAllText(progress, $"{DateTimeOffset.UtcNow:HH:mm:ss} {line}{Environment.NewLine}");
        }
    }

    /// <summary>One fault's figures: <see cref="State"/> what the checkpoint saw, <see cref="Added"/> what is new since the previous fault.</summary>
    private sealed record FaultResult(string Fault, int Round, TimeSpan? Healthy, TimeSpan? CaughtUp, Checkpoint State, Checkpoint Added, bool SamePids, bool Passed, string Notes)
    {
        public string Line() =>
            $"round {Round}, {Fault}: healthy after {Healthy?.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) ?? "never"} s, exact after {CaughtUp?.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) ?? "never"} s; {Added}; {(Passed ? "pass" : "FAIL: " + Notes)}";
    }
}
