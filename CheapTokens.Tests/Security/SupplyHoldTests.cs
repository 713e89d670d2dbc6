using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Time;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Security;

/// <summary>
/// Orders placed for payment in the page hold their credits until the card goes through; these holds are bounded per
/// buyer (2 open per client address and per e-mail by default) and in total (half of what is not paid for yet, per date),
/// under a flood of unpaid orders from one address and from eight, through the API and through the page.
/// </summary>
public class SupplyHoldTests
{
    private const string Attacker = "127.0.7.7";
    private const string Buyer = "127.0.5.20";
    private static readonly string[] EightAddresses = Enumerable.Range(1, 8).Select(i => $"127.0.8.{i}").ToArray();

    private static DateOnly Today => UtcDay.DateOf(StoreHost.Afternoon);

    [Fact]
    public async Task TenUnpaidOrdersFromOneAddressHoldTwoOrdersWorthAndABuyerStillGetsCredits()
    {
        await using var host = await UnpaidOrders.StartAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await host.OrderUnpaidFromAsync(Attacker, $"flood{i}@example.com", new { credits = 1000 });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await HttpJson.ReadJsonAsync(response);
                Assert.Equal("too_many_unpaid_orders", problem.GetProperty("code").GetString());
                // Until the oldest hold runs out (10 min) and reconciliation lets it go.
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(11));
            }
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 8)], statuses);
        Assert.Equal(2000, await host.HeldTodayAsync());
        Assert.Equal(8000, await host.RemainingTodayAsync());
        // Before: the whole day was held and this buyer got 409 sold_out.
        using var buyer = await host.OrderUnpaidFromAsync(Buyer, "buyer@example.com", new { credits = 5 });
        Assert.Equal(HttpStatusCode.Created, buyer.StatusCode);
    }

    [Fact]
    public async Task EightAddressesFloodingTogetherHoldNoMoreThanHalfOfTheDay() => await FloodFromEightAddressesAsync();

    [PostgresFact]
    public async Task EightAddressesFloodingTogetherHoldNoMoreThanHalfOfTheDayOnPostgres()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await FloodFromEightAddressesAsync();
    }

    private static async Task FloodFromEightAddressesAsync()
    {
        await using var host = await UnpaidOrders.StartAsync();
        // Every address's ten orders at once: the bounds hold under racing transactions, not only one after another.
        var quotes = new List<(string From, string Email, Guid Quote)>();
        foreach (var from in EightAddresses)
            for (var i = 0; i < 10; i++) quotes.Add((from, $"{from}-{i}@example.com", await host.QuoteFromAsync(from, new { credits = 1000 })));
        var responses = await Task.WhenAll(quotes.Select(async q =>
        {
            using var response = await host.PostFromAsync(q.From, "/api/orders", new { quoteId = q.Quote, q.Email }, StoreScenarios.NewKey());
            var code = response.IsSuccessStatusCode ? null : (await HttpJson.ReadJsonAsync(response)).GetProperty("code").GetString();
            return (q.From, response.StatusCode, Code: code);
        }));

        var placed = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(5, placed.Count);
        Assert.All(placed.GroupBy(r => r.From), perAddress => Assert.InRange(perAddress.Count(), 1, 2));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Contains(r.Code, new[] { "supply_held", "too_many_unpaid_orders" }));
        Assert.Contains(responses, r => r.Code == "supply_held");
        Assert.Equal(5000, await host.HeldTodayAsync());
        Assert.Equal(5000, await host.RemainingTodayAsync());

        // What is left is not theirs: a buyer paying at once takes it.
        using var payNow = await host.PostFromAsync(Buyer, "/api/orders",
            new { quoteId = await host.QuoteFromAsync(Buyer, new { credits = 1000 }), email = "buyer@example.com", paymentMethod = StandInTestMethods.Visa }, StoreScenarios.NewKey());
        Assert.Equal(HttpStatusCode.Created, payNow.StatusCode);
        Assert.Equal(4000, await host.RemainingTodayAsync());
    }

    [Fact]
    public async Task TenUnpaidPassOrdersFromOneAddressHoldTwoOnEachDate()
    {
        await using var host = await UnpaidOrders.StartAsync();
        var dates = Enumerable.Range(0, 30).Select(d => Today.AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var placed = 0;
        for (var i = 0; i < 10; i++)
        {
            using var response = await host.OrderUnpaidFromAsync(Attacker, $"pass{i}@example.com", new { diemPerDay = 100, dates });
            if (response.StatusCode == HttpStatusCode.Created) placed++;
            else Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        Assert.Equal(2, placed);
        // Before: 1,000 held on each of the 30 dates.
        Assert.Equal(200, await host.HeldAsync(Today));
        Assert.Equal(200, await host.HeldAsync(Today.AddDays(29)));
    }

    [Fact]
    public async Task UnpaidPassesStopAtHalfOfWhatIsLeftOnADateAndNameTheProblem()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Pricing:DailySupply"] = "400" });
        var dates = new[] { Today.AddDays(3), Today.AddDays(4) }.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        using var first = await host.OrderUnpaidFromAsync(EightAddresses[0], "a@example.com", new { diemPerDay = 100, dates });
        using var second = await host.OrderUnpaidFromAsync(EightAddresses[1], "b@example.com", new { diemPerDay = 100, dates });
        using var third = await host.OrderUnpaidFromAsync(EightAddresses[2], "c@example.com", new { diemPerDay = 100, dates });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        var problem = await HttpJson.ReadJsonAsync(third);
        Assert.Equal("supply_held", problem.GetProperty("code").GetString());
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(200, await host.HeldAsync(Today.AddDays(3)));
        Assert.Equal(200, await host.RemainingAsync(Today.AddDays(4)));
    }

    [Fact]
    public async Task OneEmailIsLimitedAcrossAddresses()
    {
        await using var host = await UnpaidOrders.StartAsync();

        using var first = await host.OrderUnpaidFromAsync(EightAddresses[0], "same@example.com", new { credits = 10 });
        using var second = await host.OrderUnpaidFromAsync(EightAddresses[1], " Same@Example.com", new { credits = 10 });
        using var third = await host.OrderUnpaidFromAsync(EightAddresses[2], "same@example.com", new { credits = 10 });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("too_many_unpaid_orders", (await HttpJson.ReadJsonAsync(third)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnpaidOrdersNeverTakeTheLastCreditsButAPaymentMadeAtOnceDoes()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Pricing:DailySupply"] = "1000" });
        Assert.True(await host.SellElsewhereTodayAsync(990));

        // Ten left: at most five may be held unpaid.
        using var six = await host.OrderUnpaidFromAsync(Buyer, "six@example.com", new { credits = 6 });
        Assert.Equal(HttpStatusCode.Conflict, six.StatusCode);
        Assert.Equal("supply_held", (await HttpJson.ReadJsonAsync(six)).GetProperty("code").GetString());
        using var five = await host.OrderUnpaidFromAsync(Buyer, "five@example.com", new { credits = 5 });
        Assert.Equal(HttpStatusCode.Created, five.StatusCode);

        using var last = await host.PostFromAsync(Attacker, "/api/orders",
            new { quoteId = await host.QuoteFromAsync(Attacker, new { credits = 5 }), email = "now@example.com", paymentMethod = StandInTestMethods.Visa }, StoreScenarios.NewKey());
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        Assert.Equal(0, await host.RemainingTodayAsync());
    }

    [Fact]
    public async Task TheFloodThroughThePageIsHeldToTheSameBounds()
    {
        await using var host = await UnpaidOrders.StartAsync();
        var results = new List<(string From, PlaceOrderResult Result)>();
        foreach (var from in new[] { Attacker }.Concat(EightAddresses))
        {
            using var scope = host.Services.CreateScope();
            var page = host.PageFrom(scope, from);
            for (var i = 0; i < 10; i++)
            {
                var quote = Assert.IsType<CreateQuoteResult.Created>(await page.CreateQuoteAsync(1000, default)).Quote;
                results.Add((from, await page.PlaceOrderAsync(quote.Id, $"{from}-{i}@example.com", null, StoreScenarios.NewKey(), default)));
            }
        }

        var fromAttacker = results.Where(r => r.From == Attacker).Select(r => r.Result).ToList();
        Assert.Equal(2, fromAttacker.Count(r => r is PlaceOrderResult.Placed { Order.Status: OrderStatus.Created }));
        Assert.All(fromAttacker.Skip(2), r => Assert.IsType<PlaceOrderResult.TooManyUnpaidOrders>(r));
        // The attacker's two, then three more from the eight addresses: half of the day, and the rest is refused as held.
        Assert.Equal(5, results.Count(r => r.Result is PlaceOrderResult.Placed));
        Assert.Contains(results, r => r.Result is PlaceOrderResult.HoldsFull);
        Assert.Equal(5000, await host.HeldTodayAsync());
    }

    [Fact]
    public async Task ThePagesQuotesAndOrdersShareTheAddresssRequestLimitWithTheApi()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:QuotesPerMinute"] = "3",
            ["RateLimits:OrdersPerMinute"] = "2",
            ["Checkout:UnpaidOrdersPerAddress"] = "100",
            ["Checkout:UnpaidOrdersPerEmail"] = "100",
        });
        using var scope = host.Services.CreateScope();
        var page = host.PageFrom(scope, Attacker);

        var overApi = await host.QuoteFromAsync(Attacker, new { credits = 1 });
        var inPage = Assert.IsType<CreateQuoteResult.Created>(await page.CreateQuoteAsync(1, default)).Quote;
        Assert.IsType<CreateQuoteResult.Created>(await page.CreatePassQuoteAsync(1, [Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)], default));
        var refusedQuote = Assert.IsType<CreateQuoteResult.TooManyRequests>(await page.CreateQuoteAsync(1, default));
        Assert.InRange(refusedQuote.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        using var refusedOverApi = await host.PostFromAsync(Attacker, "/api/quotes", new { credits = 1 });
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedOverApi.StatusCode);

        using var orderedOverApi = await host.PostFromAsync(Attacker, "/api/orders", new { quoteId = overApi, email = "a@example.com" }, StoreScenarios.NewKey());
        Assert.Equal(HttpStatusCode.Created, orderedOverApi.StatusCode);
        Assert.IsType<PlaceOrderResult.Placed>(await page.PlaceOrderAsync(inPage.Id, "a@example.com", null, StoreScenarios.NewKey(), default));
        var third = await host.QuoteFromAsync(Buyer, new { credits = 1 });
        Assert.IsType<PlaceOrderResult.TooManyRequests>(await page.PlaceOrderAsync(third, "a@example.com", null, StoreScenarios.NewKey(), default));

        // Another address has its own count.
        using var other = host.Services.CreateScope();
        Assert.IsType<CreateQuoteResult.Created>(await host.PageFrom(other, Buyer).CreateQuoteAsync(1, default));
    }

    [Fact]
    public async Task CancellingAnUnpaidOrderGivesItsCreditsBackAtOnceAndFreesTheBuyer()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Checkout:UnpaidOrdersPerAddress"] = "1" });
        using var placed = await host.OrderUnpaidFromAsync(Attacker, "a@example.com", new { credits = 700 });
        var token = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using (var blocked = await host.OrderUnpaidFromAsync(Attacker, "b@example.com", new { credits = 1 }))
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(700, await host.HeldTodayAsync());

        using var cancelled = await host.PostFromAsync(Attacker, $"/api/orders/{token}/cancel", null);
        using var again = await host.PostFromAsync(Attacker, $"/api/orders/{token}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("declined", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, await host.HeldTodayAsync());
        Assert.Equal(10_000, await host.RemainingTodayAsync());
        using var next = await host.OrderUnpaidFromAsync(Attacker, "b@example.com", new { credits = 1 });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        // Its intent can take no card any more.
        var intents = await host.StandInIntentStatusesAsync();
        Assert.Contains("canceled", intents);
    }

    [Fact]
    public async Task APaidOrderIsNotCancellableAndPayingEndsItsHoldButKeepsItsCredits()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Checkout:UnpaidOrdersPerAddress"] = "1" });
        using var placed = await host.OrderUnpaidFromAsync(Attacker, "a@example.com", new { credits = 300 });
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;

        await host.ConfirmInBrowserAsync(body.GetProperty("clientSecret").GetString()!, StandInTestMethods.SucceedingCard);
        await host.WaitForOrderStatusAsync(token, "paid");

        Assert.Equal(0, await host.HeldTodayAsync());
        Assert.Equal(9700, await host.RemainingTodayAsync());
        using var cancel = await host.PostFromAsync(Attacker, $"/api/orders/{token}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        var problem = await HttpJson.ReadJsonAsync(cancel);
        Assert.Equal("order_not_cancellable", problem.GetProperty("code").GetString());
        Assert.Equal("paid", problem.GetProperty("orderStatus").GetString());
        using var unknown = await host.PostFromAsync(Attacker, "/api/orders/no-such-token/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        // Paid, it no longer counts as the address's open order.
        using var next = await host.OrderUnpaidFromAsync(Attacker, "b@example.com", new { credits = 1 });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task AnIntentCancelledAtTheProcessorEndsItsHoldAtOnce()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Checkout:UnpaidOrdersPerAddress"] = "1" });
        using var placed = await host.OrderUnpaidFromAsync(Attacker, "a@example.com", new { credits = 400 });
        var body = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;

        // Cancelled at Stripe (the dashboard, or the processor giving up): the payment_intent.canceled webhook arrives.
        using var stripe = host.StandInClient(host.StripeOptions().SecretKey);
        var (status, _) = await stripe.PostFormAsync($"payment_intents/{UnpaidOrders.IntentOf(body.GetProperty("clientSecret").GetString()!)}/cancel", []);
        Assert.Equal(200, status);

        await host.WaitForOrderStatusAsync(token, "declined");
        Assert.Equal(0, await host.HeldTodayAsync());
        Assert.Equal(10_000, await host.RemainingTodayAsync());
        using var next = await host.OrderUnpaidFromAsync(Attacker, "b@example.com", new { credits = 1 });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task AnUnpaidOrderLetGoAfterItsWindowFreesItsBuyer()
    {
        await using var host = await UnpaidOrders.StartAsync(new Dictionary<string, string?> { ["Checkout:UnpaidOrdersPerAddress"] = "1" });
        using var placed = await host.OrderUnpaidFromAsync(Attacker, "a@example.com", new { credits = 100 });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);

        host.Clock.Advance(TimeSpan.FromMinutes(11));
        await host.Get<CheapTokens.Blazor.Payments.PaymentReconciliation>().ReconcileAsync(default);

        Assert.Equal(0, await host.HeldTodayAsync());
        using var next = await host.OrderUnpaidFromAsync(Attacker, "b@example.com", new { credits = 1 });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }
}
