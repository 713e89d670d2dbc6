using CheapTokens.Blazor.Pricing;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace CheapTokens.Tests.Pricing;

public class DiemOptionsTests
{
    [Fact]
    public void TheShippedFiguresAreValidAndMatchTheDefaults()
    {
        var shipped = new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory).AddJsonFile("appsettings.json").Build()
            .GetSection(DiemOptions.SectionName).Get<DiemOptions>()!;

        Assert.Empty(shipped.Validate());
        var defaults = new DiemOptions();
        Assert.Equal((defaults.UsdPerDiem, defaults.ExampleCredits, defaults.ExampleModel, defaults.ExampleInputUsdPerMillionTokens, defaults.ExampleOutputUsdPerMillionTokens),
            (shipped.UsdPerDiem, shipped.ExampleCredits, shipped.ExampleModel, shipped.ExampleInputUsdPerMillionTokens, shipped.ExampleOutputUsdPerMillionTokens));
    }

    [Fact]
    public void FiguresThatCannotWorkAnExampleAreRejectedNamingTheirKeys()
    {
        var errors = new DiemOptions
        {
            UsdPerDiem = 0, ExampleCredits = 0, ExampleModel = " ", ExampleInputUsdPerMillionTokens = 0, ExampleOutputUsdPerMillionTokens = -1,
        }.Validate();

        Assert.Equal(["Diem:UsdPerDiem", "Diem:ExampleCredits", "Diem:ExampleModel", "Diem:ExampleInputUsdPerMillionTokens", "Diem:ExampleOutputUsdPerMillionTokens"],
            errors.Select(e => e[..e.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task AnInvalidFigureStopsStartUpNamingItsKey()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            StoreHost.StartAsync(new Dictionary<string, string?> { ["Diem:ExampleCredits"] = "0" }));

        Assert.Contains("Diem:ExampleCredits must be at least 1", failure.ToString());
    }
}
