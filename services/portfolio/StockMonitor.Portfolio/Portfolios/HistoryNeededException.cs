namespace StockMonitor.Portfolio.Portfolios;

/// <summary>A back-dated movement met a state without its history: load it (<see cref="PortfolioHistory"/>) and try again.</summary>
public sealed class HistoryNeededException : InvalidOperationException
{
    public HistoryNeededException()
    {
    }

    public HistoryNeededException(string message)
        : base(message)
    {
    }

    public HistoryNeededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HistoryNeededException(Guid portfolioId)
        : base($"A back-dated movement of portfolio {portfolioId} needs its history, which the state does not hold.")
    {
    }
}
