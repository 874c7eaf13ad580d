using StockMonitor.Contracts.Quotes;

namespace StockMonitor.Contracts.Tests.Quotes;

public class QuoteMessageIdTests
{
    [Fact]
    public void For_same_coordinates_gives_the_same_id()
    {
        var first = QuoteMessageId.For("stockmonitor-quotes", "shardId-000000000001", "49590338271490256608559692538361571095921575989136588898");
        var second = QuoteMessageId.For("stockmonitor-quotes", "shardId-000000000001", "49590338271490256608559692538361571095921575989136588898");

        Assert.Equal(first, second);
        Assert.Equal(5, first.Version);
    }

    [Theory]
    [InlineData("other-stream", "shardId-000000000001", "1")]
    [InlineData("stockmonitor-quotes", "shardId-000000000002", "1")]
    [InlineData("stockmonitor-quotes", "shardId-000000000001", "2")]
    public void For_different_coordinates_gives_different_ids(string stream, string shard, string sequence) =>
        Assert.NotEqual(QuoteMessageId.For("stockmonitor-quotes", "shardId-000000000001", "1"), QuoteMessageId.For(stream, shard, sequence));
}
