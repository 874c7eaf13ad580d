using System.Text;

namespace StockMonitor.Ingestion.Finnhub;

/// <summary>The start of a payload for a log line: enough to recognise it, never a whole megabyte, on one line.</summary>
internal static class FinnhubSnippet
{
    private const int Length = 80;

    public static string Of(ReadOnlySpan<byte> utf8) =>
        Of(Encoding.UTF8.GetString(utf8.Length > Length * 4 ? utf8[..(Length * 4)] : utf8));

    public static string Of(string text)
    {
        var cleaned = string.Create(Math.Min(text.Length, Length), text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
        return text.Length > Length ? cleaned + "…" : cleaned;
    }
}
