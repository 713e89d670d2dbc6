using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Checkout;

/// <summary>
/// The storefront's checkout at the card step, against the real store and the Stripe stand-in: an order held for its
/// card is cancelled from the page ("Cancel order", "Change amount"), its credits back on sale at once and its
/// payment intent cancelled, unless the card went through first.
/// </summary>
public class HeldOrderCancellationTests
{
    private const string Buyer = "127.0.6.10";

    /// <summary>A checkout as the page runs it: a price locked for <paramref name="credits"/> and the order held for the card.</summary>
    private static async Task<CheckoutState> HeldAsync(IStorefront store, int credits)
    {
        var state = new CheckoutState(store);
        Assert.IsType<CreateQuoteResult.Created>(await state.LockAsync(s => s.CreateQuoteAsync(credits, default)));
        Assert.Null(await state.PayAsync(StoreScenarios.Email, ""));
        Assert.NotNull(state.AwaitingCard);
        return state;
    }

    [Fact]
    public async Task CancellingReleasesTheCreditsAtOnceAndCancelsTheCharge()
    {
        await using var host = await UnpaidOrders.StartAsync();
        var remainingBefore = await host.RemainingTodayAsync();
        using var scope = host.Services.CreateScope();
        var state = await HeldAsync(host.PageFrom(scope, Buyer), credits: 30);
        var held = state.AwaitingCard!;
        Assert.Equal(30, await host.HeldTodayAsync());
        Assert.Equal(remainingBefore - 30, await host.RemainingTodayAsync());

        Assert.Equal(HeldOrderCancellation.Cancelled, await state.CancelHeldOrderAsync());

        // At once: the clock has not moved, the in-page payment window is far from over.
        Assert.Equal(0, await host.HeldTodayAsync());
        Assert.Equal(remainingBefore, await host.RemainingTodayAsync());
        Assert.Equal(["canceled"], await host.StandInIntentStatusesAsync());
        Assert.Equal(OrderStatus.Declined, (await host.OrderByTokenAsync(held.Order.Token)).Status);
        Assert.Equal(PaymentState.Failed, Assert.Single(await host.PaymentsAsync()).State);
        // Back to choosing: nothing held, nothing locked, nothing to say.
        Assert.Null(state.AwaitingCard);
        Assert.Null(state.Quote);
        Assert.Null(state.Order);
        Assert.Null(state.Error);
        // The card form still open in the page can take nothing any more.
        var (status, late) = await host.ConfirmInBrowserAsync(held.ClientSecret, StandInTestMethods.SucceedingCard);
        Assert.Equal(400, status);
        Assert.Equal("payment_intent_unexpected_state", late.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ChangingTheAmountCancelsTheHeldOrderAndTheNewAmountIsHeldInstead()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Checkout:UnpaidOrdersPerAddress"] = "1" });
        var remainingBefore = await host.RemainingTodayAsync();
        using var scope = host.Services.CreateScope();
        var store = host.PageFrom(scope, Buyer);
        var state = await HeldAsync(store, credits: 20);
        var first = state.AwaitingCard!.Order.Token;

        Assert.Equal(HeldOrderCancellation.Cancelled, await state.CancelHeldOrderAsync());
        Assert.IsType<CreateQuoteResult.Created>(await state.LockAsync(s => s.CreateQuoteAsync(8, default)));
        Assert.Null(await state.PayAsync(StoreScenarios.Email, ""));

        // One order held (the address may hold only one): the new amount's.
        Assert.NotEqual(first, state.AwaitingCard?.Order.Token);
        Assert.Equal(8, state.AwaitingCard!.Order.Credits);
        Assert.Equal(8, await host.HeldTodayAsync());
        Assert.Equal(remainingBefore - 8, await host.RemainingTodayAsync());
    }

    [Fact]
    public async Task ACardThatWentThroughBeforeTheCancellationIsKeptAndTheOrderIsPaid()
    {
        // The store has not heard yet: the payment's webhook is lost on the way, so only the processor knows.
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Payments:Stripe:StandIn:DropFirstWebhooks"] = "1" });
        var remainingBefore = await host.RemainingTodayAsync();
        using var scope = host.Services.CreateScope();
        var state = await HeldAsync(host.PageFrom(scope, Buyer), credits: 12);
        var held = state.AwaitingCard!;
        var (paid, _) = await host.ConfirmInBrowserAsync(held.ClientSecret, StandInTestMethods.SucceedingCard);
        Assert.Equal(200, paid);
        Assert.Equal(OrderStatus.Created, (await host.OrderByTokenAsync(held.Order.Token)).Status);

        Assert.Equal(HeldOrderCancellation.PaidMeanwhile, await state.CancelHeldOrderAsync());

        Assert.Equal(["succeeded"], await host.StandInIntentStatusesAsync());
        Assert.Equal(OrderStatus.Paid, (await host.OrderByTokenAsync(held.Order.Token)).Status);
        Assert.Equal(PaymentState.Succeeded, Assert.Single(await host.PaymentsAsync()).State);
        Assert.Equal(remainingBefore - 12, await host.RemainingTodayAsync());
        // The page shows the paid order, not the amount form.
        Assert.Equal(held.Order.Token, state.Order?.Token);
        Assert.Null(state.AwaitingCard);
    }
}
