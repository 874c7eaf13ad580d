using Npgsql;
using StockMonitor.Portfolio.Relay;

namespace StockMonitor.Portfolio.Tests.Relay;

/// <summary>What the event store of a portfolio database says about the relay (schema <c>portfolio</c>).</summary>
internal static class RelayProgress
{
    /// <summary>The last sequence the relay committed, or null when it never ran on this database.</summary>
    public static async Task<long?> CommittedAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select to_regclass('portfolio.mt_event_progression') is not null", connection);
        if (!(bool)(await command.ExecuteScalarAsync())!)
        {
            return null;
        }

        command.CommandText = "select max(last_seq_id) from portfolio.mt_event_progression where name like @name";
        command.Parameters.AddWithValue("name", BusRelay.SubscriptionName + ":%");
        return await command.ExecuteScalarAsync() is long sequence ? sequence : null;
    }

    /// <summary>The store-wide sequence number of the event at <paramref name="version"/> of portfolio <paramref name="id"/>.</summary>
    public static async Task<long> SequenceOfAsync(string database, Guid id, long version)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select seq_id from portfolio.mt_events where stream_id = @id and version = @version", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("version", version);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
