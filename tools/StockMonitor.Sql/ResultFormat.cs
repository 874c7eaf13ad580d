namespace StockMonitor.Sql;

/// <summary>How a query's result is printed.</summary>
public enum ResultFormat
{
    Table,
    Csv,
    Json,
}

internal static class ResultFormats
{
    public static bool TryParse(string text, out ResultFormat format) => Enum.TryParse(text, ignoreCase: true, out format) && Enum.IsDefined(format) && !int.TryParse(text, out _);
}
