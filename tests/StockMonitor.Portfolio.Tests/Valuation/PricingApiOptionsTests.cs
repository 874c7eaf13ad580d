using StockMonitor.Portfolio.Valuation;

namespace StockMonitor.Portfolio.Tests.Valuation;

public class PricingApiOptionsTests
{
    [Theory]
    [InlineData("http://pricing", "http://pricing/api/quotes")]
    [InlineData("http://127.0.0.1:18082/", "http://127.0.0.1:18082/api/quotes")]
    [InlineData("https://gateway.example/pricing", "https://gateway.example/pricing/api/quotes")]
    public void BaseAddress_keeps_a_path_of_the_base_url_in_front_of_the_clients_paths(string baseUrl, string expected)
    {
        var options = new PricingApiOptions { BaseUrl = new Uri(baseUrl) };

        var quotes = new Uri(options.BaseAddress, "api/quotes");

        Assert.Equal(expected, quotes.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://pricing", true)]
    [InlineData("https://pricing:8443", true)]
    [InlineData("ftp://pricing", false)]
    [InlineData("pricing/api", false)]
    public void IsValid_accepts_only_absolute_http_urls(string baseUrl, bool valid)
    {
        var options = new PricingApiOptions { BaseUrl = new Uri(baseUrl, UriKind.RelativeOrAbsolute) };

        Assert.Equal(valid, options.IsValid());
    }

    [Fact]
    public void The_default_is_pricing_on_the_local_dev_stack()
    {
        Assert.Equal(new Uri("http://127.0.0.1:18082/"), new PricingApiOptions().BaseAddress);
    }
}
