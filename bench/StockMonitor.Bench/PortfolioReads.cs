using System.Diagnostics;
using System.Globalization;
using System.Net;
using Marten;
using Npgsql;
using StockMonitor.Portfolio.Portfolios;
using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Bench;

/// <summary>
/// Reads of a portfolio with a short and with a long history (<c>GET /api/portfolios/{id}</c> and a 30-day
/// <c>GET .../performance</c>), both histories over the same two years, so that only the number of events differs.
/// </summary>
internal static class PortfolioReads
{
    public const int ShortHistory = 100;
    public const int LongHistory = 5_000;
    public const int SpanDays = 730;
    public const int PerformanceDays = 30;
    private const int WarmUp = 20;
    private const int Blocks = 5;
    private const int PerBlock = 40;
    private static readonly string[] Symbols = ["AAPL", "MSFT", "NVDA", "AMZN"];

    /// <summary>Writes both portfolios into the service's own schema, as its commands would have (same Marten registrations).</summary>
    public static async Task<(Guid Short, Guid Long)> SeedAsync(string database, string owner)
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(database);
            options.DatabaseSchemaName = "portfolio";
            PortfolioStore.Configure(options);
        });
        var end = DateTimeOffset.UtcNow.Date.AddDays(-1);
        var start = new DateTimeOffset(end.AddDays(-SpanDays), TimeSpan.Zero);
        var ids = (Short: Guid.CreateVersion7(), Long: Guid.CreateVersion7());
        foreach (var (id, count) in new[] { (ids.Short, ShortHistory), (ids.Long, LongHistory) })
        {
            await using var session = store.LightweightSession();
            PortfolioSnapshots.StartStream(session, id, History(id, owner, count, start, TimeSpan.FromDays(SpanDays)));
            await session.SaveChangesAsync();
        }

        return ids;
    }

    /// <summary>
    /// A realistic history of <paramref name="count"/> events, in time order, spread evenly over <paramref name="span"/>:
    /// opening, a first deposit, then in every 20 events one deposit, one withdrawal, one fee and one dividend, the rest
    /// trades over four symbols whose prices drift: a buy of 10 shares, or a sale of 30 once 40 are held (so FIFO keeps a
    /// few open lots per symbol, as a real account that sells does).
    /// </summary>
    public static List<object> History(Guid id, string owner, int count, DateTimeOffset start, TimeSpan span)
    {
        var events = new List<object> { new PortfolioOpened(id, "history", owner, "USD", start), new CashDeposited(id, 100_000m, start) };
        var held = Symbols.ToDictionary(s => s, _ => 0m);
        var cash = 100_000m;
        for (var k = 2; k < count; k++)
        {
            var at = start + (span * k / count);
            var symbol = Symbols[k % Symbols.Length];
            var price = Math.Round(100m + (20m * (decimal)Math.Sin((k / 97.0) + Array.IndexOf(Symbols, symbol))), 2);
            switch (k % 20)
            {
                case 0:
                    events.Add(new CashDeposited(id, 5_000m, at));
                    cash += 5_000m;
                    break;
                case 5 when cash > 20_000m:
                    events.Add(new CashWithdrawn(id, 1_000m, at));
                    cash -= 1_000m;
                    break;
                case 7:
                    events.Add(new FeeCharged(id, 2.5m, "custody", at));
                    cash -= 2.5m;
                    break;
                case 13 when held[symbol] > 0:
                    events.Add(new DividendReceived(id, symbol, 0.25m * held[symbol], at));
                    cash += 0.25m * held[symbol];
                    break;
                default:
                    if (held[symbol] >= 40m)
                    {
                        events.Add(new SharesSold(id, symbol, 30m, price, 1m, at));
                        (held[symbol], cash) = (held[symbol] - 30m, cash + (30m * price) - 1m);
                    }
                    else if (cash > (10m * price) + 1m)
                    {
                        events.Add(new SharesBought(id, symbol, 10m, price, 1m, at));
                        (held[symbol], cash) = (held[symbol] + 10m, cash - (10m * price) - 1m);
                    }
                    else
                    {
                        events.Add(new CashDeposited(id, 5_000m, at));
                        cash += 5_000m;
                    }

                    break;
            }
        }

        return events;
    }

    /// <summary>Sequential GETs, alternating the two portfolios in blocks; returns the mean and median of each, in ms.</summary>
    /// <remarks>
    /// "view 5000 rebuilt": the 5,000-event view with its returns checkpoint deleted before each request, so each
    /// rebuilds it from the whole history, as the first read of a day or after a back-dated movement does.
    /// </remarks>
    public static async Task<Dictionary<string, (double Mean, double P50)>> MeasureAsync(HttpClient http, string database, (Guid Short, Guid Long) ids)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.AddDays(-PerformanceDays + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var paths = new Dictionary<string, string>
        {
            ["view 100"] = $"/api/portfolios/{ids.Short}",
            ["view 5000"] = $"/api/portfolios/{ids.Long}",
            ["performance 100"] = $"/api/portfolios/{ids.Short}/performance?from={from}&to={to}",
            ["performance 5000"] = $"/api/portfolios/{ids.Long}/performance?from={from}&to={to}",
        };
        var samples = paths.Keys.ToDictionary(k => k, _ => new List<double>());
        foreach (var (name, path) in paths)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < WarmUp; i++)
            {
                await GetAsync(http, path);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    warm-up GET {name}: {Stopwatch.GetElapsedTime(started).TotalMilliseconds / WarmUp:0.0} ms each"));
        }

        for (var block = 0; block < Blocks; block++)
        {
            foreach (var (name, path) in paths)
            {
                for (var i = 0; i < PerBlock; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await GetAsync(http, path);
                    samples[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var rebuilt = samples["view 5000 rebuilt"] = [];
        for (var i = 0; i < PerBlock; i++)
        {
            await using (var delete = new NpgsqlCommand("delete from portfolio.mt_doc_returnscheckpoint where id = @id", connection))
            {
                delete.Parameters.AddWithValue("id", ids.Long);
                await delete.ExecuteNonQueryAsync();
            }

            var started = Stopwatch.GetTimestamp();
            await GetAsync(http, paths["view 5000"]);
            rebuilt.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples.ToDictionary(s => s.Key, s => (s.Value.Average(), s.Value.Order().ElementAt(s.Value.Count / 2)));
    }

    /// <summary>The stored size of each portfolio's snapshot document (PostgreSQL's, after compression), in bytes.</summary>
    public static async Task<(long Short, long Long)> SnapshotBytesAsync(string database, (Guid Short, Guid Long) ids)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return (await BytesAsync(ids.Short), await BytesAsync(ids.Long));

        async Task<long> BytesAsync(Guid id)
        {
            await using var command = new NpgsqlCommand("select pg_column_size(data) from portfolio.mt_doc_portfolio where id = @id", connection);
            command.Parameters.AddWithValue("id", id);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
    }

    private static async Task GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK || (path.Contains("/performance", StringComparison.Ordinal) ? !body.Contains("timeWeightedReturn", StringComparison.Ordinal) : !body.Contains("\"performance\":{", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        }
    }
}
