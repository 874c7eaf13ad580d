using System.Globalization;

namespace StockMonitor.Bench;

/// <summary>Parses the command line and runs the chosen scenarios; prints Markdown for docs/benchmarks.md.</summary>
internal static class BenchCommand
{
    private static readonly Dictionary<string, Func<BenchSettings, Task<BenchResult>>> Scenarios = new(StringComparer.Ordinal)
    {
        ["producer"] = ProducerBenchmark.RunAsync,
        ["bridge"] = BridgeBenchmark.RunAsync,
        ["pricing"] = PricingBenchmark.RunAsync,
        ["pipeline"] = PipelineBenchmark.RunAsync,
        ["portfolio"] = PortfolioBenchmark.RunAsync,
        ["dashboard"] = DashboardBenchmark.RunAsync,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine($"""
                Usage: StockMonitor.Bench SCENARIO... [--records N] [--symbols N] [--rounds N] [--trades N] [--portfolios N] [--seconds N]

                Scenarios: {string.Join(", ", Scenarios.Keys)}, or all.
                Defaults: --records 50000 --symbols 1000 (pricing and pipeline: --records 20000 --symbols 100) --rounds 3.
                Runs against the servers named by the environment (./stockmonitor bench sets it up).
                Each scenario measures the project's path and the raw server operation on the same data in
                the same run, alternating them for --rounds rounds, and prints the medians and their ratio.
                --records and --symbols size producer, bridge, pricing and pipeline; --trades (commands per round), --portfolios and
                --seconds (of the 100 requests/s latency run) size portfolio.
                """);
            return args.Length == 0 ? 2 : 0;
        }

        var settings = BenchSettings.Parse(args);
        var names = settings.Scenarios.Contains("all") ? Scenarios.Keys.ToList() : settings.Scenarios;
        var unknown = names.Where(n => !Scenarios.ContainsKey(n)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"Unknown scenario: {string.Join(", ", unknown)} (known: {string.Join(", ", Scenarios.Keys)})");
            return 2;
        }

        var results = new List<BenchResult>();
        foreach (var name in names)
        {
            Console.WriteLine($"==> {name}");
            results.Add(await Scenarios[name](settings));
        }

        Console.WriteLine();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTimeOffset.UtcNow:yyyy-MM-dd}");
        foreach (var result in results)
        {
            Console.WriteLine();
            Console.WriteLine(result.ToMarkdown());
        }

        return 0;
    }
}

/// <summary>Command-line settings shared by the scenarios; a scenario may default the sizes differently.</summary>
internal sealed record BenchSettings(List<string> Scenarios, int? RecordsGiven, int? SymbolsGiven, int Rounds, int Trades, int Portfolios, int Seconds)
{
    public int Records => RecordsGiven ?? 50_000;

    public int Symbols => SymbolsGiven ?? 1_000;

    public static BenchSettings Parse(string[] args)
    {
        var scenarios = new List<string>();
        int? records = null, symbols = null;
        int rounds = 3, trades = 5_000, portfolios = 50, seconds = 30;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--records": records = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--symbols": symbols = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--trades": trades = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--portfolios": portfolios = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: scenarios.Add(args[i]); break;
            }
        }

        return new BenchSettings(scenarios, records, symbols, rounds, trades, portfolios, seconds);
    }
}
