using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Bridge.Tests.Reading;

/// <summary>A quote a test put on the stream and where Kinesis stored it.</summary>
internal sealed record PutQuote(Quote Quote, string ShardId, string SequenceNumber);
