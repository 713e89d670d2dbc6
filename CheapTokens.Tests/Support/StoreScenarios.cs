using Microsoft.Extensions.DependencyInjection;
using CheapTokens.StandIns.Data;
using CheapTokens.StandIns.Sandbox;
using System.Net.Http.Json;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Support;

/// <summary>Short ways to get a store into a state and to look at what it holds.</summary>
public static class StoreScenarios
{
    public const string Email = "buyer@example.com";

    /// <summary>
    /// The store at <see cref="StoreHost.Afternoon"/> (or <paramref name="now"/>) on a fake clock, with paid orders
    /// recorded instead of provisioned: for checkout tests that look at orders, not keys.
    /// </summary>
    public static Task<StoreHost> StartCheckoutAsync(int dailySupply = 10_000, int maxCreditsPerOrder = 1000, DateTimeOffset? now = null) =>
        StoreHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Pricing:DailySupply"] = dailySupply.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Checkout:MaxCreditsPerOrder"] = maxCreditsPerOrder.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            new FakeTimeProvider(now ?? StoreHost.Afternoon),
            TestDoubles.RecordPaidOrders);

    /// <summary>
    /// The store on a fake clock at <see cref="StoreHost.Afternoon"/>, paid orders recorded, charges going through
    /// <see cref="Payments.ScriptedProcessor"/> (the test scripts each answer), and the payment reconciliation
    /// schedule out of the way (hourly), so a test runs reconciliation itself. <paramref name="settings"/> come on top.
    /// </summary>
    public static Task<StoreHost> StartWithScriptedPaymentsAsync(params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?> { ["Payments:ReconcileIntervalSeconds"] = "3600" };
        foreach (var (key, value) in settings) configuration[key] = value;
        return StoreHost.StartAsync(configuration, new FakeTimeProvider(StoreHost.Afternoon), s =>
        {
            TestDoubles.RecordPaidOrders(s);
            Payments.ScriptedProcessor.Install(s);
        });
    }

    public static RecordingProvisioningQueue Provisioning(this StoreHost store) => store.Get<RecordingProvisioningQueue>();

    public static async Task<Quote> QuoteAsync(this StoreHost store, int credits = 1)
    {
        var result = await store.Get<QuoteService>().CreateQuoteAsync(credits, default);
        return Assert.IsType<CreateQuoteResult.Created>(result).Quote;
    }

    public static async Task<Quote> PassQuoteAsync(this StoreHost store, int diemPerDay, params string[] dates)
    {
        var result = await store.Get<QuoteService>().CreatePassQuoteAsync(diemPerDay, dates, default);
        return Assert.IsType<CreateQuoteResult.Created>(result).Quote;
    }

    public static async Task<Order> PaidPassAsync(this StoreHost store, int diemPerDay, params string[] dates)
    {
        var quote = await store.PassQuoteAsync(diemPerDay, dates);
        var placed = Assert.IsType<PlaceOrderResult.Placed>(await store.PlaceAsync(quote.Id, NewKey()));
        return await store.OrderByTokenAsync(placed.Order.Token);
    }

    public static async Task<PlaceOrderResult> PlaceAsync(this StoreHost store, Guid quoteId, string key, string method = SandboxPaymentProcessor.Ok) =>
        await store.Get<CheckoutService>().PlaceOrderAsync(quoteId, Email, method, key, default);

    public static async Task<Order> PaidOrderAsync(this StoreHost store, int credits = 1)
    {
        var quote = await store.QuoteAsync(credits);
        var placed = Assert.IsType<PlaceOrderResult.Placed>(await store.PlaceAsync(quote.Id, NewKey()));
        return await store.OrderByTokenAsync(placed.Order.Token);
    }

    public static string NewKey() => Guid.NewGuid().ToString();

    public static async Task<StoreDbContext> OpenDbAsync(this StoreHost store) =>
        await store.Get<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();

    public static async Task<Order> OrderByTokenAsync(this StoreHost store, string? token)
    {
        await using var db = await store.OpenDbAsync();
        var hash = OrderToken.Hash(token!);
        var order = await db.Orders.AsNoTracking().Include(o => o.Keys).SingleAsync(o => o.TokenHash == hash);
        // The store keeps only the hash; the test keeps the token it was handed, as a buyer does.
        typeof(Order).GetProperty(nameof(Order.Token))!.SetValue(order, token);
        return order;
    }

    public static async Task<List<Order>> OrdersAsync(this StoreHost store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Orders.AsNoTracking().Include(o => o.Keys).ToListAsync();
    }

    /// <summary>The store's payment ledger.</summary>
    public static async Task<List<Payment>> PaymentsAsync(this StoreHost store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Payments.AsNoTracking().ToListAsync();
    }

    /// <summary>The payment sandbox's own view of the charges it made (a stand-in's table, not the store's).</summary>
    public static async Task<List<SandboxCharge>> SandboxChargesAsync(this StoreHost store)
    {
        await using var db = await store.OpenStandInsDbAsync();
        return await db.SandboxCharges.AsNoTracking().ToListAsync();
    }

    public static async Task<List<SandboxRefund>> SandboxRefundsAsync(this StoreHost store)
    {
        await using var db = await store.OpenStandInsDbAsync();
        return await db.SandboxRefunds.AsNoTracking().ToListAsync();
    }

    /// <summary>The stand-ins' own context, on the store's database (registered only while the install uses a stand-in).</summary>
    public static Task<StandInsDbContext> OpenStandInsDbAsync(this StoreHost store) =>
        store.Services.GetRequiredService<IDbContextFactory<StandInsDbContext>>().CreateDbContextAsync();

    public static async Task<int> QuoteCountAsync(this StoreHost store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.Quotes.CountAsync();
    }

    public static async Task<(int Quotes, int Orders, int Payments)> CountRowsAsync(this StoreHost store)
    {
        await using var db = await store.OpenDbAsync();
        return (await db.Quotes.CountAsync(), await db.Orders.CountAsync(), await db.Payments.CountAsync());
    }

    public static async Task<int> RemainingAsync(this StoreHost store, DateOnly date) =>
        (await store.Get<SupplyLedger>().GetRemainingAsync([date], default))[0].Remaining;

    public static async Task<int> SoldAsync(this StoreHost store, DateOnly date) =>
        store.Get<SupplyLedger>().DailySupply - await store.RemainingAsync(date);

    public static Task<int> SoldTodayAsync(this StoreHost store) => store.SoldAsync(UtcDay.DateOf(store.Clock.GetUtcNow()));

    public static Task<int> RemainingTodayAsync(this StoreHost store) => store.RemainingAsync(UtcDay.DateOf(store.Clock.GetUtcNow()));

    /// <summary>Sells <paramref name="credits"/> on each date as some other buyer's order would, through the ledger.</summary>
    /// <returns>False when that much is not left on every date (then nothing is sold).</returns>
    public static async Task<bool> SellElsewhereAsync(this StoreHost store, int credits, params DateOnly[] dates)
    {
        await using var db = await store.OpenDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (!await store.Get<SupplyLedger>().TryReserveAsync(db, dates, credits, default)) return false;
        await transaction.CommitAsync();
        return true;
    }

    public static Task<bool> SellElsewhereTodayAsync(this StoreHost store, int credits) =>
        store.SellElsewhereAsync(credits, UtcDay.DateOf(store.Clock.GetUtcNow()));

    /// <summary>POST /api/quotes for credits; the new quote's id.</summary>
    public static async Task<Guid> QuoteOverHttpAsync(this StoreHost host, int credits = 1)
    {
        using var http = host.CreateClient();
        var response = await http.PostAsJsonAsync("/api/quotes", new { credits });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<QuoteResponse>())!.Id;
    }

    /// <summary>POST /api/orders with <paramref name="body"/>, and the Idempotency-Key header unless it is null.</summary>
    public static async Task<HttpResponseMessage> PlaceOverHttpAsync(this StoreHost host, object body, string? idempotencyKey)
    {
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation(CheckoutService.IdempotencyKeyHeader, idempotencyKey);
        return await http.SendAsync(request);
    }
}
