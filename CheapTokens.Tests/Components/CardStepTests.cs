using Bunit;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Tests.Components;

/// <summary>
/// The credits form at the card step: the order is placed and held while the buyer types the card into the
/// processor's form. A decline is said once, under that form; the held order can be cancelled or its amount changed.
/// </summary>
public class CardStepTests : ComponentTestContext
{
    private static readonly StripePaymentResult Declined = new(false, null, "pi_fake", "card_error", "card_declined", "generic_decline", "Your card was declined.");

    private IRenderedComponent<LivePageHost> RenderAt(PriceSnapshot board) =>
        Render<LivePageHost>(ps => ps.Add(p => p.Snapshot, board).AddChildContent<BuyCredits>(form => form
            .Add(p => p.Interactive, true)
            .Add(p => p.CreditsLeft, board.Supply.Remaining)
            .Add(p => p.SoldOut, board.SoldOut)
            .Add(p => p.SalesPaused, board.SalesPausedReason is not null)
            .Add(p => p.FewestCredits, OrderInputRules.FewestUnits(board.UnitPrice, Store.Payments.MinimumCharge))));

    /// <summary>Types the amount, locks the price and continues: the order is held and the card form is mounted.</summary>
    private IRenderedComponent<LivePageHost> AtTheCardStep(string credits = "25")
    {
        Store.Payments = new PaymentRail(true, 0.50m, TimeSpan.FromMinutes(10));
        var cut = RenderAt(Board());
        cut.Find("input[data-testid=credits-input]").Input(credits);
        cut.Find("[data-testid=lock-price]").Click();
        cut.Find("input[data-testid=email-input]").Input("buyer@example.com");
        cut.Find("[data-testid=pay]").Click();
        cut.WaitForElement("[data-testid=stripe-pay]:not([disabled])");
        return cut;
    }

    private string HeldToken => Store.Orders.Single().Key;

    [Fact]
    public void ADeclineIsSaidOnceUnderTheCardFormInALiveRegion()
    {
        CardForm(Declined);
        var cut = AtTheCardStep();

        cut.Find("[data-testid=stripe-pay]").Click();

        const string text = "The card was declined. Nothing was charged. Try another card.";
        cut.WaitForAssertion(() => Assert.Equal(text, cut.Find("[data-testid=card-error]").TextContent));
        Assert.Equal(1, CountOccurrences(cut.Markup, "The card was declined."));
        Assert.Empty(cut.FindAll("[data-testid=buy-error]"));
        var region = cut.Find("[data-testid=card-error]").ParentElement!;
        Assert.Equal("alert", region.GetAttribute("role"));
        // Under the form and its Pay button, as with Stripe's own element.
        Assert.Equal("stripe-payment-element", region.ParentElement!.GetAttribute("data-testid"));
    }

    [Fact]
    public void ACheckOfTheCardsOwnFieldsIsLeftToTheFormThatShowsItBesideTheField()
    {
        CardForm(new StripePaymentResult(false, null, null, "validation_error", "incomplete_number", null, "Your card number is incomplete."));
        var cut = AtTheCardStep();

        cut.Find("[data-testid=stripe-pay]").Click();

        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=stripe-pay]").HasAttribute("disabled")));
        Assert.Empty(cut.FindAll("[data-testid=card-error]"));
        Assert.Empty(cut.FindAll("[data-testid=buy-error]"));
        Assert.DoesNotContain("incomplete", cut.Markup);
    }

    [Fact]
    public void CancelOrderCancelsTheHeldOrderAndGoesBackToTheAmount()
    {
        CardForm(Declined);
        var cut = AtTheCardStep("25");
        var token = HeldToken;

        cut.Find("[data-testid=cancel-order]").Click();

        Assert.Equal([token], Store.CancelledTokens);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=stripe-payment-element]")));
        Assert.Empty(cut.FindAll("[data-testid=quote]"));
        Assert.Equal("25", cut.Find("input[data-testid=credits-input]").GetAttribute("value"));
        Assert.False(cut.Find("[data-testid=lock-price]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=buy-error]"));
    }

    [Fact]
    public void ChangeAmountCancelsTheHeldOrderAndANewAmountGetsANewQuoteAndOrder()
    {
        CardForm(Declined);
        var cut = AtTheCardStep("25");
        var token = HeldToken;

        cut.Find("[data-testid=change-held-amount]").Click();

        Assert.Equal([token], Store.CancelledTokens);
        cut.WaitForAssertion(() => Assert.False(cut.Find("input[data-testid=credits-input]").HasAttribute("disabled")));
        Assert.Equal("25", cut.Find("input[data-testid=credits-input]").GetAttribute("value"));

        cut.Find("input[data-testid=credits-input]").Input("40");
        cut.Find("[data-testid=lock-price]").Click();
        cut.Find("[data-testid=pay]").Click();

        Assert.Equal([25, 40], Store.Quotes.Select(q => q.Credits));
        Assert.Equal(2, Store.IdempotencyKeys.Distinct().Count());
        cut.WaitForElement("[data-testid=stripe-pay]");
        Assert.Empty(cut.FindAll("[data-testid=card-error]"));
    }

    [Fact]
    public void AnOrderPaidBeforeTheCancellationIsShownPaid()
    {
        CardForm(Declined);
        var cut = AtTheCardStep();
        Store.CancelAnswers.Enqueue(order =>
        {
            // The card went through just before: the processor keeps the charge and the order is paid.
            Store.Orders[order.Token!] = new OrderDetails(order with { Status = OrderStatus.Paid }, null, null, null);
            return new CancelOrderResult.NotCancellable(OrderStatus.Paid);
        });

        cut.Find("[data-testid=cancel-order]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Paid: Your key is queued.", cut.Find("[data-testid=order-status]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=stripe-payment-element]"));
        Assert.Empty(cut.FindAll("input[data-testid=credits-input]"));
    }

    [Fact]
    public void WhenTheProcessorDoesNotConfirmTheOrderStaysHeldAndThePageSaysSo()
    {
        CardForm(Declined);
        var cut = AtTheCardStep();
        Store.CancelAnswers.Enqueue(_ => new CancelOrderResult.NotCancellable(OrderStatus.Created));

        cut.Find("[data-testid=cancel-order]").Click();

        cut.WaitForAssertion(() => Assert.Contains("could not be cancelled just now", cut.Find("[data-testid=buy-error]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=stripe-payment-element]"));
        Assert.NotNull(cut.Find("[data-testid=order-held]"));
    }

    private static int CountOccurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
