namespace StockMonitor.Lake;

/// <summary>A query <see cref="LakeSql"/> could not run: its message is DuckDB's (e.g. <c>Parser Error: syntax error at or near "SELEC"</c>).</summary>
public sealed class LakeQueryException : Exception
{
    public LakeQueryException()
    {
    }

    public LakeQueryException(string message)
        : base(message)
    {
    }

    public LakeQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
