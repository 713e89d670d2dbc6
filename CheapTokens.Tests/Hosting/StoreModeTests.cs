using System.Net;
using CheapTokens.Blazor.Hosting;
using CheapTokens.Blazor.Installation;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static CheapTokens.Tests.Support.InstallSettings;

namespace CheapTokens.Tests.Hosting;

/// <summary>
/// An install is a demo (both stand-ins) or live (real Venice, real payments); a mix starts only when declared
/// (Store:Mode=Staging) or in Development, and real secrets need an encrypted key ring.
/// </summary>
public sealed class StoreModeTests : IDisposable
{
    private readonly string _folder = StoreHost.NewDataDirectory();

    [Theory]
    [InlineData("Sandbox", "keys and money are simulated (a stand-in Venice and the payment sandbox). Nothing here is charged.")]
    [InlineData("StripeStandIn", "keys and money are simulated (a stand-in Venice and a Stripe stand-in that takes Stripe's test cards). Nothing here is charged.")]
    public async Task ADemoStartsWithoutACertificateAndSaysSo(string payments, string notice)
    {
        await using var host = await StoreHost.StartAsync(payments == "Sandbox" ? Sandbox() : StripeStandIn());
        using var http = host.CreateClient();

        var page = WebUtility.HtmlDecode(await http.GetStringAsync("/"));

        Assert.Equal(StoreModeName.Demo, host.Get<StoreMode>().Name);
        Assert.Contains("data-testid=\"demo-banner\"", page);
        Assert.Contains(notice, page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/venice-sim/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/stripe-sim/v1/payment_intents/pi_1")).StatusCode);
    }

    [Fact]
    public async Task ALiveStoreStartsWithNoBannerAndServesNeitherStandIn()
    {
        await using var host = await StoreHost.StartAsync(Merge(RealVenice(), RealStripe(), KeyRingCertificate(_folder)));
        using var http = host.CreateClient();

        var page = WebUtility.HtmlDecode(await http.GetStringAsync("/"));

        Assert.Equal(StoreModeName.Live, host.Get<StoreMode>().Name);
        Assert.DoesNotContain("demo-banner", page);
        Assert.DoesNotContain("Nothing here is charged", page);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/venice-sim/api/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/stripe-sim/v1/payment_intents/pi_1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/sandbox-sim/v1/charges")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/x402-sim/supported")).StatusCode);
    }

    public static TheoryData<string, string[]> Mixes => new()
    {
        { "real Venice, payment sandbox", ["Venice:Simulator:Enabled=false", "Payments:Processor=Sandbox", "Store:Mode=Staging", "Payments:Processor=Stripe", "Venice:Simulator:Enabled=true"] },
        { "real Venice, Stripe stand-in", ["Venice:Simulator:Enabled=false", "Payments:Stripe:ApiBase=/stripe-sim", "Store:Mode=Staging", "sk_live_"] },
        { "real Venice, Stripe in test mode", ["Venice:Simulator:Enabled=false", "Payments:Stripe:SecretKey is a test-mode key", "Store:Mode=Staging"] },
        { "simulated Venice, live Stripe", ["charge real cards", "Venice:Simulator:Enabled=true", "Store:Mode=Staging", "Venice:AdminKey", "Payments:Processor=Sandbox"] },
    };

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task AMixRefusesToStartOutsideDevelopmentWithOneMessageNamingTheSettings(string mix, string[] named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreHost.StartAsync(MixSettings(mix)));

        var message = Assert.Single(error.Failures);
        foreach (var setting in named) Assert.Contains(setting, message);
        foreach (var secret in new[] { RealVeniceAdminKey, LiveStripeSecretKey, CertificatePassword }) Assert.DoesNotContain(secret, error.ToString());
    }

    [Theory]
    [MemberData(nameof(Mixes))]
    public async Task AMixStartsInDevelopmentWithAWarningAndAStagingBanner(string mix, string[] named)
    {
        _ = named;
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(MixSettings(mix), services: s => s.AddSingleton<ILoggerProvider>(logs), environment: "Development");
        using var http = host.CreateClient();

        var page = WebUtility.HtmlDecode(await http.GetStringAsync("/"));

        Assert.Equal(StoreModeName.Staging, host.Get<StoreMode>().Name);
        Assert.Contains("data-testid=\"staging-banner\"", page);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Store:Mode=Staging", StringComparison.Ordinal)
                                         && l.Contains("Development environment only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeclaredStagingMixStartsWithABannerSayingWhatIsRealAndWhatIsSimulated()
    {
        await using var host = await StoreHost.StartAsync(Merge(RealVenice(), Sandbox(), KeyRingCertificate(_folder), new Dictionary<string, string?> { ["Store:Mode"] = "Staging" }));
        using var http = host.CreateClient();

        var page = WebUtility.HtmlDecode(await http.GetStringAsync("/"));

        Assert.Equal(new StoreMode(StoreModeName.Staging, null, StoreMode.PaymentSandbox), host.Get<StoreMode>());
        Assert.Contains("data-testid=\"staging-banner\"", page);
        Assert.Contains("<strong>Staging store:</strong> keys are real Venice keys; money is simulated (the payment sandbox). Nothing here is charged.", page);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/venice-sim/api/v1/models")).StatusCode);
    }

    [Theory]
    [InlineData("Live")]
    [InlineData("Staging")]
    public async Task RealSecretsWithoutAKeyRingCertificateRefuseToStart(string mode)
    {
        var settings = mode == "Live" ? Merge(RealVenice(), RealStripe()) : Merge(RealVenice(), Sandbox(), new Dictionary<string, string?> { ["Store:Mode"] = "Staging" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StoreHost.StartAsync(settings));

        var message = Assert.Single(error.Failures);
        Assert.Contains("Storage:KeyRingCertificatePath", message);
        Assert.Contains("Storage:KeyRingCertificatePassword", message);
        Assert.StartsWith($"A {mode.ToLowerInvariant()} store", message);
    }

    [Fact]
    public async Task ADeclaredLiveStoreWithAStandInRefusesNamingIt()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StoreHost.StartAsync(Merge(RealVenice(), Sandbox(), KeyRingCertificate(_folder), new Dictionary<string, string?> { ["Store:Mode"] = "Live" })));

        var message = Assert.Single(error.Failures);
        Assert.StartsWith("Store:Mode is Live, but Payments:Processor=Sandbox", message);
        Assert.Contains("Payments:Stripe:ApiBase=https://api.stripe.com", message);
    }

    [Fact]
    public async Task AnUnknownModeIsRefused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StoreHost.StartAsync(new Dictionary<string, string?> { ["Store:Mode"] = "Production" }));

        Assert.Contains("Store:Mode must be empty or one of Demo, Staging, Live (was 'Production')", error.Message);
    }

    private static Dictionary<string, string?> MixSettings(string mix) => mix switch
    {
        "real Venice, payment sandbox" => Merge(RealVenice(), Sandbox()),
        "real Venice, Stripe stand-in" => Merge(RealVenice(), StripeStandIn()),
        "real Venice, Stripe in test mode" => Merge(RealVenice(), RealStripe(secretKey: "sk_test_fake51Qx")),
        "simulated Venice, live Stripe" => RealStripe(),
        _ => throw new ArgumentOutOfRangeException(nameof(mix)),
    };

    public void Dispose() => StoreHost.DeleteDataDirectory(_folder);
}
