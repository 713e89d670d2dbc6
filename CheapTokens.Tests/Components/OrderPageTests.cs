using Bunit;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Components.Pages;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;

namespace CheapTokens.Tests.Components;

public class OrderPageTests : ComponentTestContext
{
    private const string Token = "tok-unfinished";

    private OrderSummary HeldOrder()
    {
        var quote = Quote.Create(4, 1.25m, Clock.GetUtcNow(), TimeSpan.FromSeconds(60));
        var summary = Store.Summary(quote, OrderStatus.Created) with { Token = Token };
        Store.Orders[Token] = new OrderDetails(summary, null, null, null);
        Store.UnfinishedPayments[Token] = new InPagePayment(summary, "pi_held_secret_x", Clock.GetUtcNow().AddMinutes(8));
        return summary;
    }

    [Fact]
    public void AnOrderHeldForItsCardShowsTheCardFormAgain()
    {
        HeldOrder();
        var module = CardForm(new StripePaymentResult(true, "succeeded", "pi_held", null, null, null, null));

        var cut = Render<OrderPage>(ps => ps.Add(p => p.Token, Token));

        Assert.Contains("Nothing has been charged yet", cut.Find("[data-testid=finish-payment]").TextContent);
        Assert.Contains("8 min", cut.Find("[data-testid=order-held]").TextContent);
        Assert.Equal("pi_held_secret_x", module.VerifyInvoke("mount").Arguments[3]);
        Assert.Equal("Pay $5.00", cut.Find("[data-testid=stripe-pay]").TextContent.Trim());

        cut.Find("[data-testid=stripe-pay]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=finish-payment]")));
    }

    [Fact]
    public void ADeclinedCardThereSaysSoAndKeepsTheForm()
    {
        HeldOrder();
        CardForm(new StripePaymentResult(false, null, "pi_held", "card_error", "card_declined", "insufficient_funds", "Your card has insufficient funds."));
        var cut = Render<OrderPage>(ps => ps.Add(p => p.Token, Token));

        cut.WaitForElement("[data-testid=stripe-pay]:not([disabled])").Click();

        Assert.Contains("The card was declined for insufficient funds. Nothing was charged. Try another card.", cut.WaitForElement("[data-testid=card-error]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=finish-payment]"));
    }

    [Fact]
    public void PastItsHoldTheFormGivesWayToTheOrdersStatus()
    {
        HeldOrder();
        CardForm(new StripePaymentResult(true, "succeeded", "pi_held", null, null, null, null));
        Clock.Advance(TimeSpan.FromMinutes(9));

        var cut = Render<OrderPage>(ps => ps.Add(p => p.Token, Token));

        Assert.Equal("Awaiting payment: Waiting for the payment to go through.", cut.Find("[data-testid=order-status]").TextContent.Trim());
        Assert.Equal($"/orders/{Token}", cut.Find("[data-testid=order-link]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=finish-payment]"));
    }

    [Fact]
    public void APaidOrderShowsItsKeyQueuedAndNoCardForm()
    {
        var quote = Quote.Create(4, 1.25m, Clock.GetUtcNow(), TimeSpan.FromSeconds(60));
        Store.Orders[Token] = new OrderDetails(Store.Summary(quote, OrderStatus.Paid) with { Token = Token }, null, null, null);

        var cut = Render<OrderPage>(ps => ps.Add(p => p.Token, Token));

        Assert.Equal("Paid: Your key is queued.", cut.Find("[data-testid=order-status]").TextContent.Trim());
        Assert.Equal($"/orders/{Token}", cut.Find("[data-testid=order-link]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=finish-payment]"));
    }

    [Fact]
    public void CancelOrderThereEndsTheHoldAndTheOrderShowsCancelled()
    {
        HeldOrder();
        CardForm(new StripePaymentResult(true, "succeeded", "pi_held", null, null, null, null));
        var cut = Render<OrderPage>(ps => ps.Add(p => p.Token, Token));
        Assert.Equal("created", cut.Find("[data-testid=order-status]").GetAttribute("data-status"));

        cut.Find("[data-testid=cancel-order]").Click();

        Assert.Equal([Token], Store.CancelledTokens);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=finish-payment]")));
        cut.WaitForAssertion(() => Assert.Equal("declined", cut.Find("[data-testid=order-status]").GetAttribute("data-status")));
    }

    [Fact]
    public void WhenTheCancellationIsNotConfirmedTheFormStaysAndSaysSo()
    {
        HeldOrder();
        CardForm(new StripePaymentResult(true, "succeeded", "pi_held", null, null, null, null));
        Store.CancelAnswers.Enqueue(_ => new CheapTokens.Blazor.Checkout.CancelOrderResult.NotCancellable(OrderStatus.Created));
        var cut = Render<OrderPage>(ps => ps.Add(p => p.Token, Token));

        cut.Find("[data-testid=cancel-order]").Click();

        cut.WaitForAssertion(() => Assert.Equal(CheckoutState.CancelNotConfirmedText, cut.Find("[data-testid=card-error]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=finish-payment]"));
    }
}
