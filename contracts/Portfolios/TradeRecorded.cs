namespace StockMonitor.Contracts.Portfolios;

/// <summary>
/// A portfolio recorded a trade (published by the portfolio service from its event log, at least once: a
/// re-publication carries the same MessageId, see <see cref="PortfolioMessageId"/>).
/// </summary>
/// <param name="Side"><c>buy</c> or <c>sell</c> (see <see cref="TradeSides"/>).</param>
/// <param name="Fees">Commission and other costs of the trade.</param>
/// <param name="ExecutedAt">When the trade was executed; may be earlier than trades recorded before it (back-dated).</param>
/// <param name="Version">The portfolio stream version of the event that recorded the trade.</param>
/// <param name="RecordedAt">When the portfolio service recorded it (appended the event).</param>
public sealed record TradeRecorded(
    Guid PortfolioId,
    string Symbol,
    string Side,
    decimal Quantity,
    decimal Price,
    decimal Fees,
    DateTimeOffset ExecutedAt,
    long Version,
    DateTimeOffset RecordedAt);
