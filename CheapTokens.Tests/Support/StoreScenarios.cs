using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Tests.Support;

/// <summary>Short ways to get a <see cref="TestStore"/> into a state and to look at what it holds.</summary>
public static class StoreScenarios
{
    public const string Email = "buyer@example.com";

    public static CheckoutService Checkout(this TestStore store) => store.Get<CheckoutService>();

    public static async Task<Quote> QuoteAsync(this TestStore store, int credits = 1)
    {
        var result = await store.Checkout().CreateQuoteAsync(credits, default);
        return Assert.IsType<CreateQuoteResult.Created>(result).Quote;
    }

    public static async Task<Quote> PassQuoteAsync(this TestStore store, int diemPerDay, params string[] dates)
    {
        var result = await store.Checkout().CreatePassQuoteAsync(diemPerDay, dates, default);
        return Assert.IsType<CreateQuoteResult.Created>(result).Quote;
    }

    public static async Task<Order> PaidPassAsync(this TestStore store, int diemPerDay, params string[] dates)
    {
        var quote = await store.PassQuoteAsync(diemPerDay, dates);
        var placed = Assert.IsType<PlaceOrderResult.Placed>(await store.PlaceAsync(quote.Id, NewKey()));
        return await store.OrderByTokenAsync(placed.Order.Token);
    }

    public static async Task<PlaceOrderResult> PlaceAsync(this TestStore store, Guid quoteId, string key, string method = SandboxPaymentGateway.Ok) =>
        await store.Checkout().PlaceOrderAsync(quoteId, Email, method, key, default);

    public static async Task<Order> PaidOrderAsync(this TestStore store, int credits = 1)
    {
        var quote = await store.QuoteAsync(credits);
        var placed = Assert.IsType<PlaceOrderResult.Placed>(await store.PlaceAsync(quote.Id, NewKey()));
        return await store.OrderByTokenAsync(placed.Order.Token);
    }

    public static string NewKey() => Guid.NewGuid().ToString();

    public static async Task<Order> OrderByTokenAsync(this TestStore store, string token)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Orders.AsNoTracking().Include(o => o.Keys).SingleAsync(o => o.Token == token);
    }

    public static async Task<List<Order>> OrdersAsync(this TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Orders.AsNoTracking().Include(o => o.Keys).ToListAsync();
    }

    public static async Task<List<PaymentRecord>> PaymentsAsync(this TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Payments.AsNoTracking().ToListAsync();
    }

    public static async Task<int> QuoteCountAsync(this TestStore store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Quotes.CountAsync();
    }

    public static Task<int> SoldTodayAsync(this TestStore store) =>
        store.Get<SupplyLedger>().GetSoldAsync(UtcDay.DateOf(store.Clock.GetUtcNow()), default);
}
