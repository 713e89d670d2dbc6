using CheapTokens.StandIns.Stripe;
using CheapTokens.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class CheckoutPageTests(BrowserFixture browser)
{
    /// <summary>Prerendered HTML arrives before the circuit: clicks only count once the page is live.</summary>
    private static Task WaitUntilInteractiveAsync(IPage page) =>
        Expect(page.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

    private static async Task LockAndFillAsync(IPage page, string credits, string paymentMethod)
    {
        await page.GetByTestId("credits-input").FillAsync(credits);
        await page.GetByTestId("lock-price").ClickAsync();
        await Expect(page.GetByTestId("quote-total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$[\d,]+\.\d{2}$"));
        await Expect(page.GetByTestId("quote-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await page.GetByTestId("email-input").FillAsync("buyer@example.com");
        await page.GetByTestId("payment-method").Locator($"[data-method={paymentMethod}]").ClickAsync();
    }

    [Fact]
    public async Task BuyingWithAnApprovedCardShowsTheKeyOnTheSamePage()
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await WaitUntilInteractiveAsync(page);

        await LockAndFillAsync(page, "25", "sandbox_ok");
        var total = await page.GetByTestId("quote-total").TextContentAsync();
        await Expect(page.GetByTestId("pay")).ToHaveTextAsync($"Pay {total}");
        await page.GetByTestId("pay").ClickAsync();

        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "fulfilled", new() { Timeout = 20_000 });
        var apiKey = await page.GetByTestId("api-key").TextContentAsync();
        Assert.False(string.IsNullOrWhiteSpace(apiKey));
        await Expect(page.GetByTestId("key-expires")).ToContainTextAsync("00:00:00 UTC");
        await Expect(page.GetByTestId("key-limit")).ToHaveTextAsync("25 diem");
        Assert.Equal(page.Url, host.BaseAddress.ToString()); // no navigation

        // The order page shows the same key, its state and its usage.
        await page.GetByTestId("order-link").ClickAsync();
        await Expect(page.GetByTestId("api-key")).ToHaveTextAsync(apiKey!);
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("active");
        await Expect(page.GetByTestId("key-used")).ToContainTextAsync("of 25");

        // And the browser remembers it under "My orders", by its last characters only.
        await page.GotoAsync(new Uri(host.BaseAddress, "/orders").ToString());
        await Expect(page.GetByTestId("orders-table")).ToContainTextAsync(apiKey![^6..]);
        // The list is rendered without a circuit; the browser still adds its local time beside the UTC one.
        await Expect(page.GetByTestId("orders-table").GetByTestId("local-time").First).ToContainTextAsync("your time");
        Assert.DoesNotContain(apiKey, await page.ContentAsync());
        // The list is an HttpOnly cookie the server set: no page script can read the tokens in it.
        var remembered = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == CheapTokens.Blazor.Orders.RememberedOrders.CookieName);
        Assert.True(remembered.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, remembered.SameSite);
        Assert.DoesNotContain(CheapTokens.Blazor.Orders.RememberedOrders.CookieName, await page.EvaluateAsync<string>("() => document.cookie"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task AnExpiredQuoteCannotBePaidAndOffersAFreshOne()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Checkout:QuoteHoldSeconds"] = "5" }, clock: new MiddayClock());
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await WaitUntilInteractiveAsync(page);

        await page.GetByTestId("credits-input").FillAsync("3");
        await page.GetByTestId("lock-price").ClickAsync();
        await Expect(page.GetByTestId("quote-total")).ToBeVisibleAsync();
        var firstQuote = await page.GetByTestId("quote").GetAttributeAsync("data-quote-id");
        Assert.False(string.IsNullOrEmpty(firstQuote));
        await Expect(page.GetByTestId("quote-expired")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("pay")).ToHaveCountAsync(0);

        await page.GetByTestId("requote").ClickAsync();
        // A new quote, not the expired one shown again.
        await Expect(page.GetByTestId("quote")).Not.ToHaveAttributeAsync("data-quote-id", firstQuote!);
        await Expect(page.GetByTestId("quote")).ToHaveAttributeAsync("data-quote-id", new System.Text.RegularExpressions.Regex("^[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("quote-total").Or(page.GetByTestId("quote-expired"))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("buy-error")).ToHaveCountAsync(0);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task ADeclinedCardShowsAnErrorAndNoKey()
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await WaitUntilInteractiveAsync(page);

        await LockAndFillAsync(page, "5", "sandbox_declined");
        await page.GetByTestId("pay").ClickAsync();

        await Expect(page.GetByTestId("buy-error")).ToContainTextAsync("declined");
        await Expect(page.GetByTestId("buy-error")).ToContainTextAsync("Nothing was charged");
        await Expect(page.GetByTestId("api-key")).ToHaveCountAsync(0);

        // Paying again with another card works on the same quote.
        await page.GetByTestId("payment-method").Locator("[data-method=sandbox_ok]").ClickAsync();
        await page.GetByTestId("pay").ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "fulfilled", new() { Timeout = 20_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    private static Task<StoreHost> StartWithCardsAsync() =>
        StoreHost.StartAsync(new Dictionary<string, string?> { ["Payments:Processor"] = "Stripe" }, clock: new MiddayClock());

    /// <summary>Locks a price, gives the email and continues: the order is held and Stripe's card form (the stand-in's) appears.</summary>
    private static async Task<string> ContinueToCardAsync(IPage page, string credits)
    {
        await page.GetByTestId("credits-input").FillAsync(credits);
        await page.GetByTestId("lock-price").ClickAsync();
        var total = await page.GetByTestId("quote-total").TextContentAsync();
        await Expect(page.GetByTestId("payment-method")).ToHaveCountAsync(0);
        await page.GetByTestId("email-input").FillAsync("buyer@example.com");
        await Expect(page.GetByTestId("pay")).ToHaveTextAsync($"Continue to card payment · {total}");
        await page.GetByTestId("pay").ClickAsync();
        await Expect(page.GetByTestId("order-held")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("stripe-pay")).ToHaveTextAsync($"Pay {total}");
        return total!;
    }

    private static async Task TypeCardAsync(IPage page, string number)
    {
        await page.GetByLabel("Card number").FillAsync(number);
        await page.GetByLabel("Expiry (MM / YY)").FillAsync("12 / 34");
        await page.GetByLabel("CVC").FillAsync("123");
        await page.GetByTestId("stripe-pay").ClickAsync();
    }

    [Fact]
    public async Task PayingByCardOnTheHomePageShowsTheKey()
    {
        await using var host = await StartWithCardsAsync();
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await WaitUntilInteractiveAsync(page);

        var total = await ContinueToCardAsync(page, "25");
        await TypeCardAsync(page, "4242 4242 4242 4242");

        // Stripe's webhook marks it paid; the key follows on the same page.
        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "fulfilled", new() { Timeout = 20_000 });
        Assert.False(string.IsNullOrWhiteSpace(await page.GetByTestId("api-key").TextContentAsync()));
        await Expect(page.GetByTestId("key-limit")).ToHaveTextAsync("25 diem");
        var payment = Assert.Single(await host.PaymentsAsync());
        Assert.Equal(CheapTokens.Core.Payments.PaymentState.Succeeded, payment.State);
        Assert.Equal(total, "$" + payment.Amount.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task ACardDeclinedOnTheHomePageChargesNothingAndAnotherCardPays()
    {
        await using var host = await StartWithCardsAsync();
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await WaitUntilInteractiveAsync(page);
        await ContinueToCardAsync(page, "5");

        await TypeCardAsync(page, "4000 0000 0000 0002");

        // Said once, under the card form; the card number's own field says nothing more.
        await Expect(page.GetByTestId("card-error")).ToHaveTextAsync("The card was declined. Nothing was charged. Try another card.");
        await Expect(page.GetByText("declined")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "declined" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("buy-error")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Card number")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("api-key")).ToHaveCountAsync(0);
        await using (var db = await host.OpenStandInsDbAsync())
        {
            Assert.Equal(0L, db.StandInPaymentIntents.Sum(i => i.AmountReceived));
        }

        await TypeCardAsync(page, "4242 4242 4242 4242");

        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "fulfilled", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("card-error")).ToHaveCountAsync(0);
        var payment = Assert.Single(await host.PaymentsAsync());
        Assert.Equal(CheapTokens.Core.Payments.PaymentState.Succeeded, payment.State);
        // The decline itself answered 402 (as Stripe's API does); nothing else failed.
        Assert.Equal([$"402 {new Uri(host.BaseAddress, $"/stripe-sim/v1/payment_intents/{payment.ChargeId}/confirm")}"],
            errors.Where(e => !e.Contains("Failed to load resource", StringComparison.Ordinal)));
        await page.CloseAsync();
    }

    private static async Task<int> SupplyShownAsync(IPage page) =>
        int.Parse((await page.GetByTestId("supply-remaining").TextContentAsync())!, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AtTheCardStepTheOrderCanBeCancelledOrItsAmountChangedAndItsCreditsComeBackAtOnce()
    {
        await using var host = await StartWithCardsAsync();
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await WaitUntilInteractiveAsync(page);
        var supply = await SupplyShownAsync(page);

        await ContinueToCardAsync(page, "40");
        await Expect(page.GetByTestId("supply-remaining")).ToHaveTextAsync((supply - 40).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        await page.GetByTestId("cancel-order").ClickAsync();

        // Back on sale at once (the page's next tick), not when the 10-minute payment window runs out.
        await Expect(page.GetByTestId("supply-remaining")).ToHaveTextAsync(supply.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("stripe-payment-element")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("quote")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("credits-input")).ToHaveValueAsync("40");
        Assert.Equal(["canceled"], await host.StandInIntentStatusesAsync());

        // Change amount: the same, and the amount is ready for a new price.
        await ContinueToCardAsync(page, "40");
        await page.GetByTestId("change-held-amount").ClickAsync();
        await Expect(page.GetByTestId("credits-input")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("credits-input")).ToHaveValueAsync("40");
        await page.GetByTestId("credits-input").FillAsync("15");
        await page.GetByTestId("lock-price").ClickAsync();
        await Expect(page.GetByTestId("quote")).ToContainTextAsync("15 credits");
        Assert.Equal(["canceled", "canceled"], await host.StandInIntentStatusesAsync());
        Assert.All(await host.OrdersAsync(), o => Assert.Equal(CheapTokens.Core.Orders.OrderStatus.Declined, o.Status));
        await Expect(page.GetByTestId("supply-remaining")).ToHaveTextAsync(supply.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 10_000 });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task AnOrderLeftAtTheCardFormCanBeFinishedFromMyOrders()
    {
        await using var host = await StartWithCardsAsync();
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await WaitUntilInteractiveAsync(page);
        await ContinueToCardAsync(page, "3");

        // The buyer leaves the page before typing the card, and comes back through "My orders".
        await page.GotoAsync(new Uri(host.BaseAddress, "/orders").ToString());
        await page.GetByTestId("orders-table").GetByRole(AriaRole.Link, new() { Name = "Open order" }).ClickAsync();
        await Expect(page.GetByTestId("finish-payment")).ToContainTextAsync("Nothing has been charged yet");
        await Expect(page.GetByTestId("stripe-pay")).ToBeEnabledAsync(new() { Timeout = 15_000 });
        await TypeCardAsync(page, "4242 4242 4242 4242");

        await Expect(page.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "fulfilled", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("finish-payment")).ToHaveCountAsync(0);
        Assert.Equal(CheapTokens.Core.Payments.PaymentState.Succeeded, Assert.Single(await host.PaymentsAsync()).State);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }
}
