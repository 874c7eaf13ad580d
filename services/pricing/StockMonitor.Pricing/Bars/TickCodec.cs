using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace StockMonitor.Pricing.Bars;

/// <summary>
/// A minute's ticks as one binary attribute of its bar item (<c>ticks</c>): a line per tick in order —
/// <c>orderKey TAB id TAB price TAB volume</c> (volume empty when the quote had none) — gzip-compressed. One item per
/// symbol and minute holds what the bar was computed from, so the bar and its ticks are written together, in one put.
/// </summary>
public static class TickCodec
{
    public static MemoryStream Encode(IEnumerable<Tick> ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            foreach (var tick in Tick.InOrder(ticks))
            {
                writer.Write(tick.OrderKey);
                writer.Write('\t');
                writer.Write(tick.Id);
                writer.Write('\t');
                writer.Write(tick.Price.ToString(CultureInfo.InvariantCulture));
                writer.Write('\t');
                writer.Write(tick.Volume?.ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
            }
        }

        output.Position = 0;
        return output;
    }

    public static List<Tick> Decode(MemoryStream encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        encoded.Position = 0;
        using var gzip = new GZipStream(encoded, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var ticks = new List<Tick>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split('\t');
            var orderKey = fields[0];
            ticks.Add(new Tick(
                fields[1],
                DynamoTime.Parse(orderKey[..orderKey.IndexOf('|', StringComparison.Ordinal)]),
                decimal.Parse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture),
                fields[3].Length > 0 ? decimal.Parse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                orderKey));
        }

        return ticks;
    }
}
