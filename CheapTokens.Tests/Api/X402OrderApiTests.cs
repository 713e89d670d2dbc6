using System.Net;
using System.Numerics;
using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Payments.X402;
using CheapTokens.StandIns.Facilitator;
using CheapTokens.Tests.Payments.X402;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Api;

/// <summary>POST /api/x402/orders against the running store and its facilitator stand-in, paid by test keys.</summary>
public sealed class X402OrderApiTests : IAsyncLifetime
{
    private const long StartingBalance = 1000_000_000;
    private static readonly object Credits = new { credits = 5 };

    private StoreHost _store = null!;
    private X402Agent _agent = null!;

    public async ValueTask InitializeAsync()
    {
        _store = await StartAsync();
        _agent = new X402Agent(_store);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    internal static Task<StoreHost> StartAsync(int dailySupply = 10_000, params (string Key, string Value)[] settings)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Pricing:DailySupply"] = dailySupply.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Payments:X402:KeyWaitSeconds"] = "0",
            ["Payments:ReconcileIntervalSeconds"] = "3600",
        };
        foreach (var (key, value) in settings) configuration[key] = value;
        return StoreHost.StartAsync(configuration, new FakeTimeProvider(StoreHost.Afternoon), TestDoubles.RecordPaidOrders);
    }

    [Fact]
    public async Task ARequestWithoutPaymentIsAnswered402WithWhatToPayForALiveQuote()
    {
        using var response = await _agent.SendAsync(Credits);

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, json.RootElement.GetProperty("x402Version").GetInt32());
        Assert.Contains("X-PAYMENT", json.RootElement.GetProperty("error").GetString());
        var offered = X402Agent.RequirementOf(json.RootElement.GetRawText());
        var quote = Assert.Single(await (await _store.OpenDbAsync()).Quotes.AsNoTracking().ToListAsync());
        var options = _store.Get<Microsoft.Extensions.Options.IOptions<X402Options>>().Value;
        Assert.Equal(("exact", "base-sepolia", X402Options.DemoAssetAddress, options.PayTo), (offered.Scheme, offered.Network, offered.Asset, offered.PayTo));
        Assert.Equal(new PaymentRequirementsExtra("USDC", "2"), offered.Extra);
        Assert.Equal(UsdcAmount.ToAtomicUnits(quote.Total).ToString(), offered.MaxAmountRequired);
        Assert.Equal(new Uri(_store.BaseAddress, X402Agent.Path).ToString(), offered.Resource);
        Assert.InRange(offered.MaxTimeoutSeconds, 7, (int)(quote.ExpiresAt - _store.Clock.GetUtcNow()).TotalSeconds);
        Assert.Contains("5 diem", offered.Description);
    }

    [Fact]
    public async Task APaidRequestPlacesAndPaysTheOrderAndNamesTheSettlement()
    {
        var offered = await _agent.RequirementAsync(Credits);

        using var paid = await _agent.SendAsync(Credits, _agent.Sign(offered));

        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var settlement = X402Agent.SettlementOf(paid);
        Assert.True(settlement.Success);
        Assert.Equal((_agent.Payer.Address.ToLowerInvariant(), "base-sepolia"), (settlement.Payer?.ToLowerInvariant(), settlement.Network));
        Assert.Matches("^0x[0-9a-f]{64}$", settlement.Transaction);
        var body = await HttpJson.ReadJsonAsync(paid);
        var token = body.GetProperty("token").GetString()!;
        Assert.Equal(("paid", 5), (body.GetProperty("status").GetString(), body.GetProperty("credits").GetInt32()));
        using var http = _store.CreateClient();
        Assert.Equal("paid", (await HttpJson.ReadJsonAsync(await http.GetAsync($"/api/orders/{token}"))).GetProperty("status").GetString());

        var payment = Assert.Single(await _store.PaymentsAsync());
        Assert.Equal((PaymentState.Succeeded, settlement.Transaction, X402Settlements.PaymentMethod), (payment.State, payment.ChargeId, payment.Method));
        var price = long.Parse(offered.MaxAmountRequired);
        Assert.Equal(StartingBalance - price, await _agent.BalanceAsync());
        Assert.Equal(StartingBalance + price, await _agent.BalanceOfAsync(offered.PayTo));
        Assert.Equal(5, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task APassIsBoughtTheSameWay()
    {
        var pass = new { diemPerDay = 2, dates = new[] { "2026-11-23", "2026-11-22" } };

        using var paid = await _agent.BuyAsync(pass);

        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var body = await HttpJson.ReadJsonAsync(paid);
        var run = body.GetProperty("runs").EnumerateArray().Single();
        Assert.Equal(("pass", 2, "2026-11-22", "2026-11-23"), (body.GetProperty("product").GetString(), body.GetProperty("diemPerDay").GetInt32(),
            run.GetProperty("dateFrom").GetString(), run.GetProperty("dateTo").GetString()));
    }

    public static TheoryData<string> Refusals =>
    [
        X402ErrorReasons.RecipientMismatch, X402ErrorReasons.InvalidSignature, X402ErrorReasons.AuthorizationValidBefore,
        X402ErrorReasons.AuthorizationValidAfter, X402ErrorReasons.InvalidNetwork, X402ErrorReasons.InvalidPayload, X402Checkout.NoLiveQuote,
    ];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task EachBadPaymentIsRefusedWith402AndTheRequirementAgainAndNothingIsSettled(string expected)
    {
        var offered = await _agent.RequirementAsync(Credits);
        var now = _agent.Now.ToUnixTimeSeconds();
        var header = expected switch
        {
            X402ErrorReasons.RecipientMismatch => _agent.Sign(offered, a => a with { To = TestPayer.NewAddress() }),
            // Signed by a key other than the one it claims.
            X402ErrorReasons.InvalidSignature => _agent.Sign(offered, a => a with { From = TestPayer.NewAddress() }),
            X402ErrorReasons.AuthorizationValidBefore => _agent.Sign(offered, a => a with { ValidBefore = now + 3 }),
            X402ErrorReasons.AuthorizationValidAfter => _agent.Sign(offered, a => a with { ValidAfter = now + 60 }),
            X402ErrorReasons.InvalidNetwork => TestPayer.HeaderOf(_agent.Payer.Pay(offered with { Network = "base" }, _agent.Network, _agent.Now)),
            X402ErrorReasons.InvalidPayload => "not base64 at all!",
            // A value other than the quote's: no quote the store offered is for it.
            _ => _agent.Sign(offered, a => a with { Value = a.Value + 1 }),
        };

        using var refused = await _agent.SendAsync(Credits, header);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        var body = await HttpJson.ReadJsonAsync(refused);
        Assert.Equal(expected, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        Assert.Equal(offered.MaxAmountRequired, X402Agent.RequirementOf(body.GetRawText()).MaxAmountRequired);
        Assert.Empty(await _store.OrdersAsync());
        Assert.Equal(StartingBalance, await _agent.BalanceAsync());
    }

    [Fact]
    public async Task ThePayerMustHoldTheAmountBeforeAnythingIsPlaced()
    {
        await using var store = await StartAsync(settings: ("Payments:X402:StandIn:StartingBalance", "0"));
        var agent = new X402Agent(store);

        using var refused = await agent.BuyAsync(Credits);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Equal("insufficient_funds", (await HttpJson.ReadJsonAsync(refused)).GetProperty("code").GetString());
        Assert.Empty(await store.OrdersAsync());
    }

    [Fact]
    public async Task TheSamePaymentAgainIsTheSameOrderAndSettlesOnce()
    {
        // A facilitator that would settle a nonce twice: only the store's own rule stands between.
        _store.Get<FacilitatorStandInFaults>().Inject(settleTwice: true);
        var offered = await _agent.RequirementAsync(Credits);
        var header = _agent.Sign(offered);

        using var first = await _agent.SendAsync(Credits, header);
        using var again = await _agent.SendAsync(Credits, header);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await HttpJson.ReadJsonAsync(first)).GetProperty("token").GetString(), (await HttpJson.ReadJsonAsync(again)).GetProperty("token").GetString());
        Assert.Equal(X402Agent.SettlementOf(first).Transaction, X402Agent.SettlementOf(again).Transaction);
        Assert.Single(await _store.OrdersAsync());
        Assert.Equal(StartingBalance - long.Parse(offered.MaxAmountRequired), await _agent.BalanceAsync());
    }

    [Fact]
    public async Task TheSamePaymentSentManyTimesAtOnceIsOneOrder()
    {
        _store.Get<FacilitatorStandInFaults>().Inject(settleTwice: true);
        var offered = await _agent.RequirementAsync(Credits);
        var header = _agent.Sign(offered);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _agent.SendAsync(Credits, header)));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.PaymentRequired }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Single(await _store.OrdersAsync());
        Assert.Equal(StartingBalance - long.Parse(offered.MaxAmountRequired), await _agent.BalanceAsync());
        foreach (var answer in answers) answer.Dispose();
    }

    [Fact]
    public async Task TwoAgentsPayingTheSameAmountAtOnceEachGetTheirOrder()
    {
        var other = new X402Agent(_store);
        var offers = await Task.WhenAll(_agent.RequirementAsync(Credits), other.RequirementAsync(Credits));

        var answers = await Task.WhenAll(_agent.SendAsync(Credits, _agent.Sign(offers[0])), other.SendAsync(Credits, other.Sign(offers[1])));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Equal(2, (await _store.OrdersAsync()).Count);
        foreach (var answer in answers) answer.Dispose();
    }

    [Fact]
    public async Task AFacilitatorThatRefusesToSettleLeavesNothingTakenAndTheOrderDeclined()
    {
        var header = _agent.Sign(await _agent.RequirementAsync(Credits));
        _store.Get<FacilitatorStandInFaults>().Inject(fail: 1);

        using var refused = await _agent.SendAsync(Credits, header);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Contains("unexpected_settle_error", (await HttpJson.ReadJsonAsync(refused)).GetProperty("error").GetString());
        var order = Assert.Single(await _store.OrdersAsync());
        Assert.Equal(OrderStatus.Declined, order.Status);
        Assert.Equal(PaymentState.Failed, Assert.Single(await _store.PaymentsAsync()).State);
        Assert.Equal(StartingBalance, await _agent.BalanceAsync());
        Assert.Equal(0, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task ASettlementThatTimesOutKeepsTheOrderWaitingAndReconciliationPaysIt()
    {
        await using var store = await StartAsync(settings: ("Payments:X402:FacilitatorTimeoutSeconds", "1"));
        var agent = new X402Agent(store);
        var header = agent.Sign(await agent.RequirementAsync(Credits));
        store.Get<FacilitatorStandInFaults>().Inject(timeOut: 1);

        using var unknown = await agent.SendAsync(Credits, header);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unknown.StatusCode);
        var problem = await HttpJson.ReadJsonAsync(unknown);
        Assert.Equal(("processor_error", "created"), (problem.GetProperty("code").GetString(), problem.GetProperty("orderStatus").GetString()));
        var token = problem.GetProperty("token").GetString();
        Assert.Equal(PaymentState.Pending, Assert.Single(await store.PaymentsAsync()).State);

        store.Clock.Advance(TimeSpan.FromMinutes(3));
        await store.Get<PaymentReconciliation>().ReconcileAsync(default);

        Assert.Equal(OrderStatus.Paid, (await store.OrderByTokenAsync(token)).Status);
        var payment = Assert.Single(await store.PaymentsAsync());
        Assert.Equal(PaymentState.Succeeded, payment.State);
        Assert.StartsWith("0x", payment.ChargeId);
    }

    [Fact]
    public async Task NothingIsSettledForAnOrderThatCannotBeServed()
    {
        await using var store = await StartAsync(dailySupply: 10);
        var agent = new X402Agent(store);
        var soldOut = agent.Sign(await agent.RequirementAsync(Credits));
        Assert.True(await store.SellElsewhereTodayAsync(8));
        using var soldOutAnswer = await agent.SendAsync(Credits, soldOut);

        var expired = agent.Sign(await agent.RequirementAsync(new { credits = 1 }));
        store.Clock.Advance(TimeSpan.FromSeconds(61));
        using var expiredAnswer = await agent.SendAsync(new { credits = 1 }, expired);

        var paused = agent.Sign(await agent.RequirementAsync(new { credits = 1 }));
        await store.Get<SalesGate>().SetAsync("Maintenance", "test", default);
        using var pausedAnswer = await agent.SendAsync(new { credits = 1 }, paused);

        Assert.Equal((HttpStatusCode.Conflict, "sold_out"), (soldOutAnswer.StatusCode, (await HttpJson.ReadJsonAsync(soldOutAnswer)).GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.PaymentRequired, expiredAnswer.StatusCode);
        Assert.Contains("expired", (await HttpJson.ReadJsonAsync(expiredAnswer)).GetProperty("error").GetString());
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "sales_paused"), (pausedAnswer.StatusCode, (await HttpJson.ReadJsonAsync(pausedAnswer)).GetProperty("code").GetString()));
        Assert.Equal(StartingBalance, await agent.BalanceAsync());
        Assert.Empty(await TransfersAsync(store));
    }

    [Fact]
    public async Task AnOrderVeniceCannotServeAfterSettlementIsPaidBackInTheStandInsLedger()
    {
        using var paid = await _agent.BuyAsync(Credits);
        var token = (await HttpJson.ReadJsonAsync(paid)).GetProperty("token").GetString();
        var order = await _store.OrderByTokenAsync(token);

        var outcome = await _store.Get<PaymentSettlement>().FailAndRefundAsync(order.Id, "Venice refused the key", default);

        Assert.True(outcome.Refunded);
        Assert.Equal(OrderStatus.Refunded, (await _store.OrderByTokenAsync(token)).Status);
        Assert.Equal(StartingBalance, await _agent.BalanceAsync());
        var refund = Assert.Single(await TransfersAsync(_store), t => t.Kind == SimulatedUsdcTransferKinds.Refund);
        Assert.Equal((outcome.RefundId, _agent.Payer.Address.ToLowerInvariant()), (refund.Transaction, refund.To));
        Assert.Equal(0, await _store.SoldTodayAsync());
    }

    [Fact]
    public async Task ALiveInstallLeavesTheRefundToAPersonNamingThePayerAndAmount()
    {
        var offered = await _agent.RequirementAsync(Credits);
        using var paid = await _agent.SendAsync(Credits, _agent.Sign(offered));
        var settlement = X402Agent.SettlementOf(paid);
        var live = Microsoft.Extensions.Options.Options.Create(new X402Options { Simulated = false, FacilitatorUrl = "https://facilitator.example" });
        var settlements = new X402Settlements(_store.Get<IDbContextFactory<Blazor.Data.StoreDbContext>>(),
            new FacilitatorClient(_store.Get<IHttpClientFactory>(), _store.Get<Blazor.Http.AppAddress>(), live), live, _store.Get<TimeProvider>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<X402Settlements>.Instance);

        var refund = await settlements.RefundAsync(new RefundRequest(settlement.Transaction, 0.5m, "refund:x", "Venice refused the key"), default);

        Assert.Equal(RefundState.Failed, refund.State);
        Assert.Contains(_agent.Payer.Address, refund.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"send {UsdcAmount.ToUsd(BigInteger.Parse(offered.MaxAmountRequired)):0.00####} USDC on base-sepolia", refund.Message);
    }

    private static async Task<List<SimulatedUsdcTransfer>> TransfersAsync(StoreHost store)
    {
        await using var db = await store.OpenStandInsDbAsync();
        return await db.SimulatedUsdcTransfers.AsNoTracking().ToListAsync();
    }
}
