namespace StockMonitor.ServiceDefaults;

/// <summary>
/// A message that no retry can fix (it is itself wrong): the shared retry policy lets it go to the error queue at once,
/// with this exception's message as its fault reason.
/// </summary>
public abstract class UnrecoverableMessageException : Exception
{
    protected UnrecoverableMessageException(string message)
        : base(message)
    {
    }

    protected UnrecoverableMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
