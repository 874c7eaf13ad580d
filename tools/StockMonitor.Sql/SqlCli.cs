using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using StockMonitor.Aws;
using StockMonitor.Lake;

namespace StockMonitor.Sql;

/// <summary>
/// <c>./stockmonitor sql "SELECT …"</c>: one query over the lake's <c>quotes</c> table, printed as an aligned table, CSV or
/// JSON. Exit codes: 0 done, 1 the query failed (DuckDB's message) or the lake could not be read, 2 usage.
/// </summary>
public static class SqlCli
{
    public const string Usage = """
        Usage: ./stockmonitor sql [--format table|csv|json] [--stack dev|test | --aws] [--bucket NAME] [--cache DIR] [--quiet] "SQL"

        Runs one SQL query (DuckDB's dialect) over the lake's table `quotes`, as Athena
        sees it: the columns of the archive's Parquet files, then `dt` (VARCHAR
        'yyyy-MM-dd', the day partition). Objects are read through the S3 API and
        cached locally; only the partitions a `dt` filter in the WHERE clause
        needs are read (=, IN, BETWEEN, <, <=, >, >= with string literals, AND-ed),
        every partition otherwise. SQL "-" reads the query from stdin.

        Options:
          --format F       table (default, aligned), csv or json (an array of objects)
          --stack dev|test which local stack's S3 (default dev)
          --aws            your own AWS environment (AWS_* variables, profile, role)
                           instead of a local stack
          --bucket NAME    the lake bucket (default: $Resources__LakeBucket or stockmonitor-lake)
          --cache DIR      where objects are cached (default: .stockmonitor/<stack>/lake-cache,
                           ~/.cache/stockmonitor/lake with --aws)
          --quiet          no progress on stderr

        Examples:
          ./stockmonitor sql "SELECT symbol, count(*) FROM quotes GROUP BY symbol"
          ./stockmonitor sql --format csv "SELECT * FROM quotes WHERE dt = '2026-11-27' LIMIT 10"
        Exit codes: 0 done, 1 the query failed (DuckDB's message) or the lake could not be read, 2 usage.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var format = ResultFormat.Table;
        var bucket = configuration[$"{AwsResources.SectionName}:{nameof(AwsResources.LakeBucket)}"] ?? new AwsResources().LakeBucket;
        var cache = configuration["STOCKMONITOR_LAKE_CACHE"];
        var quiet = false;
        string? sql = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help":
                    await stdout.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 0;
                case "--format" when i + 1 < args.Length && ResultFormats.TryParse(args[i + 1], out var f):
                    format = f;
                    i++;
                    break;
                case "--format":
                    return await UsageErrorAsync(stderr, "--format needs table, csv or json").ConfigureAwait(false);
                case "--bucket" when i + 1 < args.Length && args[i + 1].Length > 0:
                    bucket = args[++i];
                    break;
                case "--cache" when i + 1 < args.Length && args[i + 1].Length > 0:
                    cache = args[++i];
                    break;
                case "--quiet" or "-q":
                    quiet = true;
                    break;
                case var a when a == "-" || !a.StartsWith('-'):
                    if (sql is not null)
                    {
                        return await UsageErrorAsync(stderr, "give the query as one argument (quote it)").ConfigureAwait(false);
                    }

                    sql = a == "-" ? await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : a;
                    break;
                default:
                    return await UsageErrorAsync(stderr, $"unknown or incomplete option '{args[i]}'").ConfigureAwait(false);
            }
        }

        if (string.IsNullOrWhiteSpace(sql))
        {
            return await UsageErrorAsync(stderr, "no query given").ConfigureAwait(false);
        }

        cache ??= Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "stockmonitor", "lake");
        using var s3 = AwsClientFactory.CreateS3(AwsSettings.FromConfiguration(configuration));
        var lake = new LakeSql(s3, bucket, cache);
        var progress = quiet ? null : new ReadProgressLine(stderr, interactive);
        try
        {
            var result = await lake.QueryAsync(sql, progress, cancellationToken).ConfigureAwait(false);
            progress?.Finish(result);
            await ResultWriter.WriteAsync(result, format, stdout).ConfigureAwait(false);
            return 0;
        }
        catch (LakeQueryException e)
        {
            progress?.Finish(null);
            await stderr.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (AmazonServiceException e)
        {
            progress?.Finish(null);
            await stderr.WriteLineAsync($"cannot read the lake bucket '{bucket}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is AmazonClientException or HttpRequestException)
        {
            progress?.Finish(null);
            await stderr.WriteLineAsync($"cannot reach S3 for the lake bucket '{bucket}': {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress?.Finish(null);
            await stderr.WriteLineAsync("cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    private static async Task<int> UsageErrorAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"sql: {message} (see ./stockmonitor sql --help)").ConfigureAwait(false);
        return 2;
    }
}
