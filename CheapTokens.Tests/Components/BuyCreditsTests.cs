using Bunit;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Pricing;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Components;

public class BuyCreditsTests : ComponentTestContext
{
    /// <summary>The credits form on a live page showing <paramref name="board"/>, given what the page gives it.</summary>
    private IRenderedComponent<LivePageHost> RenderAt(PriceSnapshot board) =>
        Render<LivePageHost>(ps => ps.Add(p => p.Snapshot, board).AddChildContent<BuyCredits>(form => form
            .Add(p => p.Interactive, true)
            .Add(p => p.CreditsLeft, board.Supply.Remaining)
            .Add(p => p.SoldOut, board.SoldOut)
            .Add(p => p.SalesPaused, board.SalesPausedReason is not null)
            .Add(p => p.FewestCredits, OrderInputRules.FewestUnits(board.UnitPrice, Store.Payments.MinimumCharge))));

    private static void Type(IRenderedComponent<LivePageHost> cut, string text) =>
        cut.Find("input[data-testid=credits-input]").Input(text);

    private static bool LockDisabled(IRenderedComponent<LivePageHost> cut) => cut.Find("[data-testid=lock-price]").HasAttribute("disabled");

    [Theory]
    [InlineData("0", "at least 1")]
    [InlineData("", "Enter how many")]
    [InlineData("1001", "At most 1,000 credits per order")]
    [InlineData("60", "Only 50 credits are left today")]
    public void ValidatesAsYouType(string typed, string message)
    {
        var cut = RenderAt(Board(supply: 10_000, sold: 9_950));
        Assert.False(LockDisabled(cut));

        Type(cut, typed);

        Assert.Contains(message, cut.Find(".mud-input-helper-text").TextContent);
        Assert.True(LockDisabled(cut));
        Assert.Equal("—", cut.Find("[data-testid=live-total]").TextContent);

        Type(cut, "5");
        Assert.False(LockDisabled(cut));
        Assert.Empty(cut.FindAll(".mud-input-error"));
    }

    [Fact]
    public void AmountsShowThousandsSeparators()
    {
        Services.AddSingleton(new StorefrontSettings(MaxCreditsPerOrder: 5_000, QuoteHold: TimeSpan.FromSeconds(60)));
        var cut = RenderAt(Board());

        Type(cut, "5000");
        Assert.Equal("$2,375.00", cut.Find("[data-testid=live-total]").TextContent);

        cut.Find("[data-testid=lock-price]").Click();
        Assert.Equal("$2,500.00", cut.Find("[data-testid=quote-total]").TextContent);
        Assert.Contains("5,000 credits", cut.Find("[data-testid=quote]").TextContent);
    }

    [Fact]
    public void ThePayButtonShowsTheAmount()
    {
        Store.UnitPrice = 1.948m;
        var cut = RenderAt(Board());

        cut.Find("[data-testid=lock-price]").Click();

        Assert.Equal("$19.48", cut.Find("[data-testid=quote-total]").TextContent);
        Assert.Equal("Pay $19.48", cut.Find("[data-testid=pay]").TextContent.Trim());
    }

    [Fact]
    public void ADeclineShowsItsMessageAndPayingAgainWorks()
    {
        Store.PaymentAnswers.Enqueue(quote => new PlaceOrderResult.PaymentDeclined(Store.Summary(quote, OrderStatus.Declined), "card_declined", null));
        var cut = RenderAt(Board());
        cut.Find("[data-testid=lock-price]").Click();

        cut.Find("[data-testid=pay]").Click();

        Assert.Contains("The payment was declined.", cut.Find("[data-testid=buy-error]").TextContent);
        Assert.Contains("Nothing was charged", cut.Find("[data-testid=buy-error]").TextContent);
        Assert.False(cut.Find("[data-testid=pay]").HasAttribute("disabled"));

        cut.Find("[data-testid=pay]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=order-progress]")));
        Assert.Empty(cut.FindAll("[data-testid=buy-error]"));
        // The declined order is final: the second try is a new order, under a new key.
        Assert.Equal(2, Store.IdempotencyKeys.Distinct().Count());
    }

    public static TheoryData<string, string> BusyStoreRefusals => new()
    {
        { "unpaid", "You already have orders waiting for payment. Pay or cancel one, or try again in 4 min." },
        { "held", "Many buyers are paying right now and hold what is left for the moment. Nothing was charged; try again in 7 min." },
        { "requests", "Too many orders from your connection. Nothing was charged; try again in 30 s." },
    };

    [Theory]
    [MemberData(nameof(BusyStoreRefusals))]
    public void RefusalsOfABusyStoreSayWhyAndWhenToComeBack(string refusal, string message)
    {
        Store.PaymentAnswers.Enqueue(_ => refusal switch
        {
            "unpaid" => new PlaceOrderResult.TooManyUnpaidOrders(TimeSpan.FromSeconds(200)),
            "held" => new PlaceOrderResult.HoldsFull(TimeSpan.FromMinutes(6.5)),
            _ => new PlaceOrderResult.TooManyRequests(TimeSpan.FromSeconds(29.2)),
        });
        var cut = RenderAt(Board());
        cut.Find("[data-testid=lock-price]").Click();

        cut.Find("[data-testid=pay]").Click();

        Assert.Contains(message, cut.Find("[data-testid=buy-error]").TextContent);
        Assert.False(cut.Find("[data-testid=pay]").HasAttribute("disabled"));
    }

    [Fact]
    public void ADeclineForLackOfFundsSaysSo()
    {
        Store.PaymentAnswers.Enqueue(quote => new PlaceOrderResult.PaymentDeclined(
            Store.Summary(quote, OrderStatus.Declined), PaymentFailureCode.InsufficientFunds.ToCode(), null));
        var cut = RenderAt(Board());
        cut.Find("[data-testid=lock-price]").Click();

        cut.Find("[data-testid=pay]").Click();

        Assert.Contains("The payment was declined for insufficient funds.", cut.Find("[data-testid=buy-error]").TextContent);
    }

    [Fact]
    public void AnExpiredQuoteOffersANewOneAndTheNewOneAppears()
    {
        Store.Hold = TimeSpan.FromSeconds(5);
        var cut = RenderAt(Board());
        cut.Find("[data-testid=lock-price]").Click();
        var first = cut.Find("[data-testid=quote]").GetAttribute("data-quote-id");
        Assert.Equal("5", cut.Find("[data-testid=quote-countdown]").TextContent);

        // The next tick comes after the hold ran out.
        Clock.Advance(TimeSpan.FromSeconds(6));
        cut.Render(ps => ps.Add(p => p.Snapshot, Board()));

        Assert.NotNull(cut.Find("[data-testid=quote-expired]"));
        Assert.Empty(cut.FindAll("[data-testid=pay]"));

        cut.Find("[data-testid=requote]").Click();

        var second = cut.Find("[data-testid=quote]").GetAttribute("data-quote-id");
        Assert.NotEqual(first, second);
        Assert.Equal(Store.Quotes[^1].Id.ToString(), second);
        Assert.Empty(cut.FindAll("[data-testid=quote-expired]"));
        Assert.Equal("5", cut.Find("[data-testid=quote-countdown]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=pay]"));
    }

    private static readonly StripePaymentResult Paid = new(true, "succeeded", "pi_fake", null, null, null, null);

    private static readonly StripePaymentResult Declined = new(false, null, "pi_fake", "card_error", "card_declined", "generic_decline", "Your card was declined.");

    [Fact]
    public void WithTheCardRailContinueHoldsTheOrderAndMountsTheCardForm()
    {
        Store.Payments = new PaymentRail(true, 0.50m, TimeSpan.FromMinutes(10));
        Store.UnitPrice = 1.948m;
        var module = CardForm(Paid);
        var cut = RenderAt(Board());
        cut.Find("[data-testid=lock-price]").Click();

        Assert.Empty(cut.FindAll("[data-testid=payment-method]"));
        Assert.Equal("Continue to card payment · $19.48", cut.Find("[data-testid=pay]").TextContent.Trim());
        cut.Find("input[data-testid=email-input]").Input("buyer@example.com");
        cut.Find("[data-testid=pay]").Click();

        Assert.Equal("", Assert.Single(Store.PaymentMethods));
        var mount = module.VerifyInvoke("mount");
        Assert.Equal(["pk_test_fake", FakeStorefront.ClientSecret], mount.Arguments.Skip(2).Take(2));
        Assert.Contains("10 min", cut.Find("[data-testid=order-held]").TextContent);
        Assert.Equal("Pay $19.48", cut.Find("[data-testid=stripe-pay]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=pay]"));
        Assert.Empty(cut.FindAll("[data-testid=order-progress]"));
    }

    [Fact]
    public void ACardDeclinedInThePageSaysSoAndTheSameFormTakesAnother()
    {
        Store.Payments = new PaymentRail(true, 0.50m, TimeSpan.FromMinutes(10));
        var module = CardForm(Declined);
        var cut = RenderAt(Board());
        cut.Find("[data-testid=lock-price]").Click();
        cut.Find("[data-testid=pay]").Click();

        cut.WaitForElement("[data-testid=stripe-pay]:not([disabled])").Click();

        var error = cut.WaitForElement("[data-testid=card-error]").TextContent;
        Assert.Contains("The card was declined. Nothing was charged. Try another card.", error);
        Assert.NotNull(cut.Find("[data-testid=stripe-payment-element]"));

        module.Setup<StripePaymentResult>("confirm", _ => true).SetResult(Paid);
        cut.Find("[data-testid=stripe-pay]").Click();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=order-progress]")));
        Assert.Empty(cut.FindAll("[data-testid=card-error]"));
        // One order, paid with the second card: the store was asked once.
        Assert.Single(Store.IdempotencyKeys);
    }

    [Fact]
    public void BelowTheProcessorsMinimumChargeLockIsRefusedWithTheFewestCredits()
    {
        Store.Payments = new PaymentRail(true, 0.50m, TimeSpan.FromMinutes(10));
        // 14:00 on the test curve: $0.475 a credit.
        var cut = RenderAt(Board());

        Type(cut, "1");

        Assert.Contains("The smallest order is $0.50: at the current price that is at least 2 credits.", cut.Find(".mud-input-helper-text").TextContent);
        Assert.True(LockDisabled(cut));
        Type(cut, "2");
        Assert.False(LockDisabled(cut));
    }
}
