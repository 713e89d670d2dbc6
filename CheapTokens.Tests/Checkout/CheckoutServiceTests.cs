using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Time;
using CheapTokens.Tests.Support;

namespace CheapTokens.Tests.Checkout;

public class CheckoutServiceTests : IAsyncLifetime
{
    private StoreHost _store = null!;

    private CheckoutService Checkout => _store.Get<CheckoutService>();

    private QuoteService Quotes => _store.Get<QuoteService>();

    public async ValueTask InitializeAsync() => _store = await StoreScenarios.StartCheckoutAsync(dailySupply: 100);

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task QuotePriceComesFromTheCurveAtTheServersClock()
    {
        // Default curve: 30 % off at 12:00, 43 % at 18:00, so 36.5 % at 15:00.
        var quote = await _store.QuoteAsync(credits: 10);

        Assert.Equal(0.635m, quote.UnitPrice);
        Assert.Equal(6.35m, quote.Total);
        Assert.Equal(StoreHost.Afternoon, quote.CreatedAt);
        Assert.Equal(StoreHost.Afternoon.AddSeconds(60), quote.ExpiresAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task QuoteForCreditsOutOfRangeIsInvalidAndNotStored(int? credits)
    {
        var result = await Quotes.CreateQuoteAsync(credits, default);

        Assert.Contains("credits", Assert.IsType<CreateQuoteResult.Invalid>(result).Errors.Keys);
        Assert.Equal(0, await _store.QuoteCountAsync());
    }

    [Fact]
    public async Task QuoteIsRefusedWhenFewerCreditsAreLeftThanAsked()
    {
        await ReserveAsync(95);

        var result = await Quotes.CreateQuoteAsync(6, default);

        Assert.Equal(5, Assert.IsType<CreateQuoteResult.SoldOut>(result).Remaining);
    }

    [Fact]
    public async Task PaidOrderSendsAReceiptWithTheOrderLinkAndDeclinedOrderDoesNot()
    {
        var quote = await _store.QuoteAsync(credits: 2);

        var placed = Assert.IsType<PlaceOrderResult.Placed>(await _store.PlaceAsync(quote.Id, "key-receipt-01"));
        var other = await _store.QuoteAsync(credits: 2);
        Assert.IsType<PlaceOrderResult.PaymentDeclined>(await _store.PlaceAsync(other.Id, "key-receipt-02", SandboxPaymentProcessor.Declined));

        var receipt = Assert.Single(_store.Get<RecordingReceiptSender>().Sent);
        Assert.Equal(new OrderReceipt(StoreScenarios.Email, $"/orders/{placed.Order.Token}", 2, quote.Total), receipt);
    }

    [Fact]
    public async Task PaidOrderHoldsSupplyRecordsTheChargeAndGoesToProvisioning()
    {
        var quote = await _store.QuoteAsync(credits: 4);

        var placed = Assert.IsType<PlaceOrderResult.Placed>(await _store.PlaceAsync(quote.Id, "key-paid-0001"));

        Assert.False(placed.Replayed);
        Assert.Equal(OrderStatus.Paid, placed.Order.Status);
        var order = await _store.OrderByTokenAsync(placed.Order.Token);
        Assert.Equal((4, quote.Total, StoreScenarios.Email), (order.Credits, order.Total, order.Email));
        Assert.Equal([order.Id], _store.Provisioning().Orders);
        Assert.Equal(4, await _store.SoldTodayAsync());
        var charge = Assert.Single(await _store.PaymentsAsync());
        Assert.Equal(PaymentState.Succeeded, charge.State);
        Assert.Equal(order.ChargeId, charge.ChargeId);
        Assert.Equal(UtcDay.NextMidnight(StoreHost.Afternoon), placed.Order.ExpiresAt);
    }

    [Fact]
    public async Task SameIdempotencyKeyTwiceGivesOneOrderAndOneCharge()
    {
        var quote = await _store.QuoteAsync();

        var first = Assert.IsType<PlaceOrderResult.Placed>(await _store.PlaceAsync(quote.Id, "key-twice-001"));
        var second = Assert.IsType<PlaceOrderResult.Placed>(await _store.PlaceAsync(quote.Id, "key-twice-001"));

        Assert.True(second.Replayed);
        Assert.Equal(first.Order.OrderId, second.Order.OrderId);
        // The store keeps only the token's hash; the replay is the saved answer (sealed at rest), token and all.
        Assert.NotNull(first.Order.Token);
        Assert.Equal(first.Order.Token, second.Order.Token);
        Assert.Single(await _store.OrdersAsync());
        Assert.Single(await _store.PaymentsAsync());
        Assert.Equal(1, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task ConcurrentDoubleSubmitsGiveOneOrderAndOneCharge()
    {
        var quote = await _store.QuoteAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.PlaceAsync(quote.Id, "key-double-01"))));

        var placed = results.Select(r => Assert.IsType<PlaceOrderResult.Placed>(r)).ToList();
        Assert.Single(placed.Select(p => p.Order.OrderId).Distinct());
        Assert.Single(placed, p => !p.Replayed);
        Assert.Single(await _store.OrdersAsync());
        Assert.Single(await _store.PaymentsAsync());
        Assert.Single(_store.Provisioning().Orders);
        Assert.Equal(1, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task FiftyBuyersRacingForTheLastTenCreditsNeverOversell()
    {
        await ReserveAsync(90);
        var quotes = new List<Quote>();
        for (var i = 0; i < 50; i++) quotes.Add(await _store.QuoteAsync());

        var results = await Task.WhenAll(quotes.Select(q => Task.Run(() => _store.PlaceAsync(q.Id, StoreScenarios.NewKey()))));

        Assert.Equal(10, results.Count(r => r is PlaceOrderResult.Placed));
        Assert.Equal(40, results.Count(r => r is PlaceOrderResult.SoldOut));
        Assert.Equal(100, await _store.SoldTodayAsync());
        Assert.Equal(10, (await _store.PaymentsAsync()).Count);
        Assert.Equal(10, (await _store.OrdersAsync()).Count);
    }

    [Theory]
    [InlineData(SandboxPaymentProcessor.Declined, "declined")]
    [InlineData(SandboxPaymentProcessor.InsufficientFunds, "insufficient_funds")]
    public async Task RefusedChargeDeclinesTheOrderReleasesSupplyAndMintsNothing(string method, string code)
    {
        var quote = await _store.QuoteAsync(credits: 3);

        var declined = Assert.IsType<PlaceOrderResult.PaymentDeclined>(await _store.PlaceAsync(quote.Id, "key-declined1", method));

        Assert.Equal(code, declined.FailureCode);
        var order = await _store.OrderByTokenAsync(declined.Order.Token);
        Assert.Equal(OrderStatus.Declined, order.Status);
        Assert.Empty(order.Keys);
        Assert.Empty(_store.Provisioning().Orders);
        Assert.Equal(0, await _store.SoldTodayAsync());
        var payment = Assert.Single(await _store.PaymentsAsync());
        Assert.Equal((PaymentState.Failed, code), (payment.State, payment.FailureCode));
        Assert.False(Assert.Single(await _store.SandboxChargesAsync()).Succeeded);
    }

    [Fact]
    public async Task ReplayOfADeclinedOrderIsDeclinedAgainWithoutAnotherCharge()
    {
        var quote = await _store.QuoteAsync();
        await _store.PlaceAsync(quote.Id, "key-declined2", SandboxPaymentProcessor.Declined);

        var again = await _store.PlaceAsync(quote.Id, "key-declined2", SandboxPaymentProcessor.Declined);

        Assert.IsType<PlaceOrderResult.PaymentDeclined>(again);
        Assert.Single(await _store.PaymentsAsync());
    }

    [Fact]
    public async Task ProcessorErrorLeavesTheOrderWaitingWithItsSupplyHeldOnceAcrossRetries()
    {
        var quote = await _store.QuoteAsync(credits: 2);

        var first = await _store.PlaceAsync(quote.Id, "key-error-001", SandboxPaymentProcessor.ProcessorError);
        var retry = await _store.PlaceAsync(quote.Id, "key-error-001", SandboxPaymentProcessor.ProcessorError);

        Assert.IsType<PlaceOrderResult.PaymentUnavailable>(first);
        Assert.IsType<PlaceOrderResult.PaymentUnavailable>(retry);
        var order = Assert.Single(await _store.OrdersAsync());
        Assert.Equal((OrderStatus.Created, true), (order.Status, order.HoldsSupply));
        Assert.Equal(PaymentState.Pending, Assert.Single(await _store.PaymentsAsync()).State);
        Assert.Empty(await _store.SandboxChargesAsync());
        Assert.Equal(2, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task ExpiredQuoteIsRefusedAndNothingIsStoredOrHeld()
    {
        var quote = await _store.QuoteAsync();
        _store.Clock.Advance(TimeSpan.FromSeconds(60));

        var result = await _store.PlaceAsync(quote.Id, "key-expired-1");

        Assert.Equal(quote.ExpiresAt, Assert.IsType<PlaceOrderResult.QuoteExpired>(result).ExpiredAt);
        Assert.Empty(await _store.OrdersAsync());
        Assert.Empty(await _store.PaymentsAsync());
        Assert.Equal(0, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task QuoteStillHeldOneTickBeforeExpiryIsAccepted()
    {
        var quote = await _store.QuoteAsync();
        _store.Clock.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));

        Assert.IsType<PlaceOrderResult.Placed>(await _store.PlaceAsync(quote.Id, "key-in-time-1"));
    }

    [Fact]
    public async Task InvalidInputNamesEachFieldAndStoresNothing()
    {
        var result = await Checkout.PlaceOrderAsync(null, "not-an-email", "cash", "bad key", default);

        var errors = Assert.IsType<PlaceOrderResult.Invalid>(result).Errors;
        Assert.Equal(["Idempotency-Key", "email", "paymentMethod", "quoteId"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(await _store.OrdersAsync());
        Assert.Empty(await _store.PaymentsAsync());
    }

    [Fact]
    public async Task UnknownQuoteIsInvalid()
    {
        var result = await _store.PlaceAsync(Guid.NewGuid(), "key-unknown-1");
        Assert.Contains("quoteId", Assert.IsType<PlaceOrderResult.Invalid>(result).Errors.Keys);
    }

    [Fact]
    public async Task IdempotencyKeyCannotBeReusedForAnotherQuote()
    {
        var first = await _store.QuoteAsync();
        var second = await _store.QuoteAsync();
        await _store.PlaceAsync(first.Id, "key-reused-01");

        var result = await _store.PlaceAsync(second.Id, "key-reused-01");

        Assert.IsType<PlaceOrderResult.IdempotencyKeyReused>(result);
        Assert.Single(await _store.PaymentsAsync());
    }

    [Fact]
    public async Task OrderIsFoundByItsTokenOnly()
    {
        var order = await _store.PaidOrderAsync(credits: 2);

        var found = await _store.Get<OrderQueries>().GetByTokenAsync(order.Token, default);

        Assert.NotNull(found);
        Assert.Equal((OrderStatus.Paid, 2), (found.Summary.Status, found.Summary.Credits));
        Assert.Null(found.ApiKey);
        Assert.Null(await _store.Get<OrderQueries>().GetByTokenAsync(OrderToken.New(), default));
        Assert.Null(await _store.Get<OrderQueries>().GetByTokenAsync("garbage", default));
    }

    [Fact]
    public async Task ListingReturnsOnlyTheGivenTokensNewestFirst()
    {
        var older = await _store.PaidOrderAsync();
        _store.Clock.Advance(TimeSpan.FromMinutes(5));
        var newer = await _store.PaidOrderAsync();
        await _store.PaidOrderAsync();

        var listed = await _store.Get<OrderQueries>().ListAsync([older.Token!, newer.Token!, "garbage", OrderToken.New()], default);

        Assert.Equal([newer.Token, older.Token], listed.Select(o => o.Token));
    }

    private Task ReserveAsync(int credits) =>
        _store.SellElsewhereTodayAsync(credits);
}
