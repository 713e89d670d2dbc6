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
        // As with Stripe's own form, a decline is the page's to say (once, under the form): no field takes the blame.
        await Expect(page.GetByText("declined")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Card number")).Not.ToHaveAttributeAsync("aria-invalid", "true");
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

    private static async Task<(string Value, int Caret)> FieldAsync(IPage page, string label)
    {
        var field = page.GetByLabel(label);
        return (await field.InputValueAsync(), await field.EvaluateAsync<int>("e => e.selectionStart"));
    }

    [Fact]
    public async Task TheCardIsFormattedAsTypedAsStripesFormDoes()
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);
        var (page, errors) = await browser.NewPageAsync();
        await OpenElementPageAsync(page, host, intent);
        var number = page.GetByLabel("Card number");
        var expiry = page.GetByLabel("Expiry (MM / YY)");
        var cvc = page.GetByLabel("CVC");

        // Groups of four as typed, digits only, no more than the brand has.
        await number.PressSequentiallyAsync("4242x42424-242424242 4242");
        Assert.Equal(("4242 4242 4242 4242", 19), await FieldAsync(page, "Card number"));
        // American Express: 4-6-5, and a 4-digit CVC.
        await number.FillAsync("");
        await number.PressSequentiallyAsync("3782822463100051");
        Assert.Equal("3782 822463 10005", await number.InputValueAsync());
        await cvc.PressSequentiallyAsync("12a345");
        Assert.Equal("1234", await cvc.InputValueAsync());
        // Back to a Visa number: the CVC is cut to 3.
        await number.FillAsync("4000 0566 5566 5556");
        Assert.Equal("123", await cvc.InputValueAsync());

        // A digit typed in the middle lands there, the caret just after it, the groups redone.
        await number.FillAsync("");
        await number.PressSequentiallyAsync("42424242");
        await number.EvaluateAsync("e => e.setSelectionRange(2, 2)");
        await number.PressSequentiallyAsync("1");
        Assert.Equal(("4214 2424 2", 3), await FieldAsync(page, "Card number"));

        // Backspace over the space takes the digit before it.
        await number.FillAsync("");
        await number.PressSequentiallyAsync("42424");
        await number.EvaluateAsync("e => e.setSelectionRange(5, 5)");
        await number.PressAsync("Backspace");
        Assert.Equal(("4244", 3), await FieldAsync(page, "Card number"));

        // Expiry: the slash comes with the month; a month can't start with 2-9, so it gets its 0.
        await expiry.PressSequentiallyAsync("12");
        Assert.Equal(("12 / ", 5), await FieldAsync(page, "Expiry (MM / YY)"));
        await expiry.PressSequentiallyAsync("3y4");
        Assert.Equal("12 / 34", await expiry.InputValueAsync());
        await expiry.FillAsync("");
        await expiry.PressSequentiallyAsync("4");
        Assert.Equal("04 / ", await expiry.InputValueAsync());
        await expiry.FillAsync("");
        await expiry.PressSequentiallyAsync("13");
        Assert.Equal("01 / 3", await expiry.InputValueAsync());
        // Backspace from "12 / " leaves "1": the slash and the digit before it go together.
        await expiry.FillAsync("");
        await expiry.PressSequentiallyAsync("12");
        await expiry.PressAsync("Backspace");
        Assert.Equal(("1", 1), await FieldAsync(page, "Expiry (MM / YY)"));

        // Pasted (or autofilled) as a whole, in other shapes.
        await number.FillAsync("4242-4242-4242-4242");
        await expiry.FillAsync("12/2034");
        await cvc.FillAsync("123");
        Assert.Equal("4242 4242 4242 4242", await number.InputValueAsync());
        Assert.Equal("12 / 34", await expiry.InputValueAsync());

        var result = await page.EvaluateAsync<JsonElement>("""
            async () => await window.stripe.confirmPayment({ elements: window.paymentElements, redirect: "if_required" })
            """);
        Assert.Equal("succeeded", result.GetProperty("paymentIntent").GetProperty("status").GetString());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Theory]
    [InlineData(320)]
    [InlineData(390)]
    public async Task OnAPhoneTheFormFitsAndExpiryAndCvcShareARow(int width)
    {
        await using var host = await StripeSimulation.StartAsync();
        var intent = await host.Processor().CreateChargeAsync(Charge(Guid.NewGuid(), method: null), default);
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 700 } });
        var (page, _) = await browser.NewPageAsync(context);
        await OpenElementPageAsync(page, host, intent);

        var box = await page.Locator("#payment-element").BoundingBoxAsync();
        var number = await page.GetByLabel("Card number").BoundingBoxAsync();
        var expiry = await page.GetByLabel("Expiry (MM / YY)").BoundingBoxAsync();
        var cvc = await page.GetByLabel("CVC").BoundingBoxAsync();
        var hint = await page.GetByText("Test mode:").BoundingBoxAsync();

        Assert.Equal(box!.Width, number!.Width, 1.0);
        Assert.Equal(expiry!.Y, cvc!.Y, 1.0);
        Assert.True(expiry.X + expiry.Width <= cvc.X, "expiry and CVC overlap");
        Assert.True(cvc.X + cvc.Width <= box.X + box.Width + 0.5, "the CVC field is cut off");
        Assert.True(hint!.X + hint.Width <= box.X + box.Width + 0.5, "the test-card hint is cut off");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"));
        await page.CloseAsync();
    }
}
