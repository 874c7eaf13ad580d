namespace StockMonitor.Ingestion.Finnhub;

/// <summary>
/// What a symbol's trades on <paramref name="Day"/> (US trading day) are measured against: the close of the
/// trading day before, and the day's open, high and low when the snapshot was taken during <paramref name="Day"/>.
/// </summary>
public sealed record FinnhubDailyReference(DateOnly Day, decimal PreviousClose, decimal? Open, decimal? High, decimal? Low);
