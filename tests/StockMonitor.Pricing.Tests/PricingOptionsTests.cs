using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using StockMonitor.Testing;

namespace StockMonitor.Pricing.Tests;

/// <summary>The service refuses to start on an invalid <see cref="PricingOptions"/> setting (ValidateOnStart).</summary>
public class PricingOptionsTests
{
    [Theory]
    [InlineData("Pricing:FlushInterval", "-00:00:00.100", "FlushInterval")]
    [InlineData("Pricing:BarFlushInterval", "00:00:00.050", "BarFlushInterval")]
    [InlineData("Pricing:BarFlushInterval", "00:05:00", "BarFlushInterval")]
    [InlineData("Pricing:LeaseMargin", "00:00:00", "LeaseMargin")]
    [InlineData("Pricing:LeaseMargin", "00:00:05", "LeaseMargin")]
    [InlineData("Pricing:LeaseDuration", "00:00:03", "LeaseDuration")]
    [InlineData("Pricing:PublishTimeout", "00:00:00", "PublishTimeout")]
    [InlineData("Pricing:StallTimeout", "00:00:05", "StallTimeout")]
    [InlineData("Pricing:MaxRetryDelay", "00:00:00", "MaxRetryDelay")]
    public async Task Invalid_setting_stops_the_service_from_starting_naming_it(string key, string value, string expected)
    {
        var infra = await TestInfrastructure.GetAsync();
        // Names only: a service that started despite the bad value would fail the test, not reach these tables.
        var settings = infra.SettingsFor(TestInfrastructure.NewResourceNames(), TestInfrastructure.UniqueName("po"));
        settings[key] = value;
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (name, setting) in settings)
            {
                builder.UseSetting(name, setting);
            }
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
