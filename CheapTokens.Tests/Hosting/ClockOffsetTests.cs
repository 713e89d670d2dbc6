using CheapTokens.Blazor.Hosting;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CheapTokens.Tests.Hosting;

public class ClockOffsetTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static IHostEnvironment Environment(string name) => new HostingEnvironment { EnvironmentName = name };

    [Fact]
    public void WithoutAnOffsetTheStoreRunsOnTheSystemClock()
    {
        Assert.Same(TimeProvider.System, ClockOffset.Create(Config(), Environment(Environments.Production)));
    }

    [Fact]
    public void AnOffsetInProductionIsRefusedUnlessExplicitlyAllowed()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ClockOffset.Create(Config(("Clock:OffsetSeconds", "3600")), Environment(Environments.Production)));

        Assert.Contains("Clock:AllowOffsetInProduction", error.Message);
    }

    [Fact]
    public void AnAllowedOffsetMovesTheStoresClockByThatMuch()
    {
        var clock = ClockOffset.Create(Config(("Clock:OffsetSeconds", "-7200"), ("Clock:AllowOffsetInProduction", "true")), Environment(Environments.Production));

        var shift = clock.GetUtcNow() - TimeProvider.System.GetUtcNow();

        Assert.InRange(shift.TotalSeconds, -7201, -7199);
    }

    [Fact]
    public void AMalformedOffsetStopsStartUpNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ClockOffset.Create(Config(("Clock:OffsetSeconds", "soon")), Environment(Environments.Development)));

        Assert.Contains("Clock:OffsetSeconds", error.Message);
    }
}
