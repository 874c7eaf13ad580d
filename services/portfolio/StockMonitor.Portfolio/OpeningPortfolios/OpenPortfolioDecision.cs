using StockMonitor.Portfolio.Portfolios.Events;

namespace StockMonitor.Portfolio.OpeningPortfolios;

public static class OpenPortfolioDecision
{
    public static PortfolioOpened Handle(OpenPortfolio command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new PortfolioOpened(command.PortfolioId, command.Name, command.Owner, command.Currency, now);
    }
}
