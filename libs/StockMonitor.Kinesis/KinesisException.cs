using System.Net;

namespace StockMonitor.Kinesis;

/// <summary>An error answered by Kinesis: its <c>__type</c> (without the namespace prefix) and message.</summary>
public sealed class KinesisException(string errorType, string message, HttpStatusCode statusCode)
    : Exception($"{errorType}: {message}")
{
    public string ErrorType { get; } = errorType;

    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Throttling and server-side errors; a retry of the same call may succeed.</summary>
    public bool IsRetryable =>
        ErrorType is KinesisErrors.ProvisionedThroughputExceeded or KinesisErrors.LimitExceeded or KinesisErrors.KmsThrottling
        || (int)StatusCode >= 500;
}

/// <summary>Error types the callers act on.</summary>
public static class KinesisErrors
{
    public const string ProvisionedThroughputExceeded = "ProvisionedThroughputExceededException";
    public const string LimitExceeded = "LimitExceededException";
    public const string KmsThrottling = "KMSThrottlingException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string ResourceInUse = "ResourceInUseException";
    public const string ExpiredIterator = "ExpiredIteratorException";
    public const string InvalidArgument = "InvalidArgumentException";
}
