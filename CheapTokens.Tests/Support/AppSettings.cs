using CheapTokens.Core.Pricing;
using Microsoft.Extensions.Configuration;

namespace CheapTokens.Tests.Support;

/// <summary>The app's own appsettings.json (copied beside the tests), for tests of one part without a host.</summary>
public static class AppSettings
{
    private static readonly IConfigurationRoot File = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: false)
        .Build();

    /// <summary>The "Pricing" section as shipped: list price, daily supply and the default curve.</summary>
    public static PricingOptions Pricing() => File.GetSection(PricingOptions.SectionName).Get<PricingOptions>()!;
}
