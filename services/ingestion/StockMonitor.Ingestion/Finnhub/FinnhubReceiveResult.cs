namespace StockMonitor.Ingestion.Finnhub;

/// <summary>What one <see cref="FinnhubSocket.ReceiveAsync"/> got.</summary>
internal enum FinnhubReceiveResult
{
    /// <summary>A whole message (its fragments joined).</summary>
    Message,

    /// <summary>A message over <see cref="FinnhubSocket.MaxMessageBytes"/>; read to its end and dropped.</summary>
    TooLarge,

    /// <summary>The server closed the connection.</summary>
    Closed,
}
