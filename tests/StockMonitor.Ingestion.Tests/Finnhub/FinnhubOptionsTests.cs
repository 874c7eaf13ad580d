using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StockMonitor.Ingestion.Finnhub;

namespace StockMonitor.Ingestion.Tests.Finnhub;

public class FinnhubOptionsTests
{
    [Fact]
    public void Defaults_point_at_finnhub_with_a_one_to_sixty_second_backoff()
    {
        var options = Bind([]);

        Assert.Null(options.ApiKey);
        Assert.Equal(new Uri("wss://ws.finnhub.io"), options.WebSocketUrl);
        Assert.Equal(new Uri("https://finnhub.io/api/v1"), options.RestUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReconnectInitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ReconnectMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RestRequestInterval);
    }

    [Fact]
    public void Issue_variables_win_over_the_section()
    {
        var options = Bind(new()
        {
            ["Finnhub:ApiKey"] = "section-key",
            ["Finnhub:WebSocketUrl"] = "wss://section.example",
            ["Finnhub:RestUrl"] = "https://section.example/api/v1",
            ["Finnhub:ConnectTimeout"] = "00:00:03",
            ["FINNHUB_API_KEY"] = "variable-key",
            ["FINNHUB_WS_URL"] = "ws://127.0.0.1:9999",
            ["FINNHUB_REST_URL"] = "http://127.0.0.1:9999/api/v1",
        });

        Assert.Equal("variable-key", options.ApiKey);
        Assert.Equal(new Uri("ws://127.0.0.1:9999"), options.WebSocketUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9999/api/v1"), options.RestUrl);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ConnectTimeout);
    }

    [Fact]
    public void Section_is_used_when_the_variables_are_not_set()
    {
        var options = Bind(new() { ["Finnhub:WebSocketUrl"] = "wss://section.example", ["FINNHUB_WS_URL"] = " " });

        Assert.Equal(new Uri("wss://section.example"), options.WebSocketUrl);
    }

    [Theory]
    [InlineData("FINNHUB_WS_URL", "https://ws.finnhub.io", "FINNHUB_WS_URL")]
    [InlineData("FINNHUB_REST_URL", "ftp://finnhub.io", "FINNHUB_REST_URL")]
    [InlineData("Finnhub:ReconnectInitialDelay", "00:00:00", "ReconnectInitialDelay")]
    [InlineData("Finnhub:ReconnectMaxDelay", "00:00:00.5", "ReconnectMaxDelay")]
    [InlineData("Finnhub:RestTimeout", "-00:00:01", "RestTimeout")]
    public void Invalid_setting_is_refused_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static FinnhubOptions Bind(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFinnhub();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<FinnhubOptions>>().Value;
    }
}
