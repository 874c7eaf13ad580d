namespace StockMonitor.Portfolio.Apis;

/// <summary>
/// The one shape of a command body: a record of optional fields that turns into <typeparamref name="TCommand"/>, or
/// names each bad field (answered as a 400 ValidationProblem before anything else is looked at).
/// </summary>
public interface ICommandRequest<TCommand>
    where TCommand : class
{
    TCommand? ToCommand(CommandContext context, out Dictionary<string, string[]> errors);
}
