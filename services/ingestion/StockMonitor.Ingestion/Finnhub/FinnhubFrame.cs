namespace StockMonitor.Ingestion.Finnhub;

/// <summary>One message of the Finnhub trade stream, as <see cref="FinnhubFrameParser"/> read it.</summary>
public abstract record FinnhubFrame;
