using System.Net;
using CheapTokens.StandIns.Data;
using CheapTokens.StandIns.Sandbox;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CheapTokens.Tests.Hosting;

public class StoreAppTests
{
    [Theory]
    [InlineData("Pricing:DailySupply", "-5")]
    [InlineData("Pricing:Curve:1:DiscountPercent", "10")]
    [InlineData("Checkout:QuoteHoldSeconds", "0")]
    [InlineData("Provisioning:KeyCreationsPerMinute", "0")]
    [InlineData("Passes:HorizonDays", "0")]
    public async Task InvalidSettingStopsStartUpNamingTheKey(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StoreHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task DefaultSettingsStartTheStoreWithItsSimulatedVenice()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/docs")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/prices")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownOrderLinkSaysSoWithoutAnError()
    {
        await using var host = await StoreHost.StartAsync();
        using var http = host.CreateClient();

        var response = await http.GetAsync("/orders/" + new string('x', 43));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No order has this link", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePaymentSandboxIsServedOnlyByAnInstallThatPaysThroughIt()
    {
        await using var sandbox = await StoreHost.StartAsync(InstallSettings.Sandbox());
        // Real Venice and the Stripe stand-in, a mix Development allows: of CheapTokens.StandIns only the Stripe stand-in is in use.
        await using var stripe = await StoreHost.StartAsync(
            InstallSettings.Merge(InstallSettings.RealVenice(), InstallSettings.StripeStandIn()), environment: "Development");
        using var sandboxHttp = sandbox.CreateClient();
        using var stripeHttp = stripe.CreateClient();

        // Asked without the order: the sandbox says what is missing; where it is not mapped there is nothing there.
        Assert.Equal(HttpStatusCode.BadRequest, (await sandboxHttp.GetAsync(PaymentSandboxEndpoints.BasePath + "/charges")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stripeHttp.GetAsync(PaymentSandboxEndpoints.BasePath + "/charges")).StatusCode);
        Assert.NotNull(sandbox.Services.GetService<PaymentSandbox>());
        Assert.Null(stripe.Services.GetService<PaymentSandbox>());
        Assert.NotNull(stripe.Services.GetService<CheapTokens.StandIns.Stripe.StripeStandInAccount>());
        Assert.Null(stripe.Services.GetService<CheapTokens.StandIns.Venice.VeniceSimulatorState>());
    }

    [Fact]
    public async Task AnInstallOnRealStripeServesNoStripeStandIn()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Payments:Stripe:ApiBase"] = CheapTokens.Blazor.Payments.Stripe.StripeOptions.RealApiBase,
            ["Payments:Stripe:SecretKey"] = "sk_test_abc",
            ["Payments:Stripe:PublishableKey"] = "pk_test_abc",
            ["Payments:Stripe:WebhookSecret"] = "whsec_abc",
        });
        using var http = host.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(CheapTokens.StandIns.Stripe.StripeStandInEndpoints.BasePath + "/v1/payment_intents/pi_1")).StatusCode);
        Assert.Null(host.Services.GetService<CheapTokens.StandIns.Stripe.StripeStandInAccount>());
        Assert.Null(host.Services.GetService<CheapTokens.StandIns.Stripe.StripeStandInWebhookSender>());
    }
}
