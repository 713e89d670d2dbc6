using System.Text.Json;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using Microsoft.Playwright;
using static CheapTokens.Tests.Support.StripeSimulation;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>The stand-in's in-page element in Chromium, on a minimal page of the app's origin, paying through the stand-in.</summary>
[Collection(BrowserCollection.Name)]
public class StripeStandInElementTests(BrowserFixture browser)
{
    private const string PagePath = "element-test";

    private static async Task OpenElementPageAsync(IPage page, StoreHost host, ProcessorCharge intent)
    {
        var url = new Uri(host.BaseAddress, PagePath).ToString();
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = """<!DOCTYPE html><html lang="en"><head><title>Pay</title><script src="/js/stripe-stand-in.js"></script></head><body><main><div id="payment-element"></div></main></body></html>""",
        }));
        await page.GotoAsync(url);
        await page.EvaluateAsync("""
            ([publishableKey, clientSecret]) => {
              window.stripe = Stripe(publishableKey);
              window.paymentElements = window.stripe.elements({ clientSecret });
              window.paymentElements.create("payment").mount("#payment-element");
            }
            """, new[] { host.StripeOptions().PublishableKey, intent.ClientSecret });
    }

    private static async Task<JsonElement> PayAsync(IPage page, string card)
    {
        await page.GetByLabel("Card number").FillAsync(card);
        await page.GetByLabel("Expiry (MM / YY)").FillAsync("12 / 34");
        await page.GetByLabel("CVC").FillAsync("123");
        return await page.EvaluateAsync<JsonElement>("""
            async () => await window.stripe.confirmPayment({ elements: window.paymentElements, redirect: "if_required" })
            """);
    }

    [Fact]
    public async Task TheSucceedingTestCardPays()
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);
        var (page, errors) = await browser.NewPageAsync();
        await OpenElementPageAsync(page, host, intent);

        var result = await PayAsync(page, "4242 4242 4242 4242");

        Assert.Equal("succeeded", result.GetProperty("paymentIntent").GetProperty("status").GetString());
        Assert.Equal(intent.ChargeId, result.GetProperty("paymentIntent").GetProperty("id").GetString());
        Assert.Equal(ChargeState.Succeeded, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task TheDeclinedTestCardIsRefusedClearlyAndPayingAgainWorks()
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);
        var (page, errors) = await browser.NewPageAsync();
        await OpenElementPageAsync(page, host, intent);

        var declined = await PayAsync(page, "4000 0000 0000 0002");

        var error = declined.GetProperty("error");
        Assert.Equal(("card_error", "card_declined", "generic_decline"),
            (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("decline_code").GetString()));
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Your card was declined." })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Card number")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(ChargeState.Failed, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);

        var paid = await PayAsync(page, "4242 4242 4242 4242");

        Assert.Equal("succeeded", paid.GetProperty("paymentIntent").GetProperty("status").GetString());
        Assert.Equal(ChargeState.Succeeded, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);
        // The decline itself answered 402; nothing else failed.
        Assert.Equal([$"402 {new Uri(host.BaseAddress, $"/stripe-sim/v1/payment_intents/{intent.ChargeId}/confirm")}"], errors.Where(e => !e.Contains("Failed to load resource", StringComparison.Ordinal)));
        await page.CloseAsync();
    }

    [Fact]
    public async Task AnIncompleteCardIsCaughtInThePageWithoutCallingTheStandIn()
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);
        var (page, errors) = await browser.NewPageAsync();
        await OpenElementPageAsync(page, host, intent);

        var result = await PayAsync(page, "4242 4242");

        Assert.Equal("validation_error", result.GetProperty("error").GetProperty("type").GetString());
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "card number" })).ToBeVisibleAsync();
        Assert.Equal(ChargeState.AwaitingBuyer, (await host.Processor().GetChargeAsync(intent.ChargeId!, default)).State);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }
}
