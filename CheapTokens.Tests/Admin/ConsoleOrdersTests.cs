using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Payments;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Admin;

/// <summary>The console's orders on a store whose paid orders are recorded, not provisioned, with a processor the test scripts.</summary>
public class ConsoleOrdersTests : IAsyncLifetime
{
    private const string Operator = "ops@example.com";

    private StoreHost _store = null!;

    public async ValueTask InitializeAsync() =>
        _store = await StoreScenarios.StartWithScriptedPaymentsAsync(("OperatorConsole:StuckAfterMinutes", "15"));

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Runs <paramref name="use"/> on one of the console's order services, in its own scope as a page would.</summary>
    private async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = _store.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await _store.Get<IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<Order> PaidOrderAsync(string email, int credits = 1)
    {
        var quote = await _store.QuoteAsync(credits);
        var placed = Assert.IsType<Blazor.Checkout.PlaceOrderResult.Placed>(
            await _store.Get<Blazor.Checkout.CheckoutService>().PlaceOrderAsync(quote.Id, email, "sandbox_ok", StoreScenarios.NewKey(), default));
        return await _store.OrderByTokenAsync(placed.Order.Token);
    }

    [Fact]
    public async Task SearchFindsOrdersByIdEmailStatusAndDate()
    {
        var alice = await PaidOrderAsync("alice@example.com");
        _store.Clock.Advance(TimeSpan.FromDays(1));
        var bob = await PaidOrderAsync("bob@example.org");
        await WithAsync((ConsoleRefund o) => o.RefundAsync(bob.Id, Operator, default));

        Assert.Equal([alice.Id], (await WithAsync((ConsoleOrderQueries o) => o.SearchAsync(new OrderSearch("ALICE@"), default))).Select(r => r.Id));
        Assert.Equal([bob.Id], (await WithAsync((ConsoleOrderQueries o) => o.SearchAsync(new OrderSearch(bob.Id.ToString()), default))).Select(r => r.Id));
        Assert.Equal([bob.Id], (await WithAsync((ConsoleOrderQueries o) => o.SearchAsync(new OrderSearch(Status: OrderStatus.Refunded), default))).Select(r => r.Id));
        var day1 = DateOnly.FromDateTime(StoreHost.Afternoon.UtcDateTime);
        Assert.Equal([alice.Id], (await WithAsync((ConsoleOrderQueries o) => o.SearchAsync(new OrderSearch(From: day1, To: day1), default))).Select(r => r.Id));
        Assert.Equal([bob.Id, alice.Id], (await WithAsync((ConsoleOrderQueries o) => o.SearchAsync(new OrderSearch(From: day1), default))).Select(r => r.Id));
        Assert.Empty(await WithAsync((ConsoleOrderQueries o) => o.SearchAsync(new OrderSearch("100%"), default)));
    }

    [Fact]
    public async Task RefundGivesTheMoneyBackOnceAndIsAuditedOnce()
    {
        var order = await PaidOrderAsync("buyer@example.com", credits: 4);
        var sold = await _store.SoldTodayAsync();

        var first = await WithAsync((ConsoleRefund o) => o.RefundAsync(order.Id, Operator, default));
        var second = await WithAsync((ConsoleRefund o) => o.RefundAsync(order.Id, Operator, default));

        Assert.Equal((true, "Refunded."), (first.Changed, first.Message));
        Assert.Equal((false, "Already refunded."), (second.Changed, second.Message));
        Assert.Equal(OrderStatus.Refunded, (await _store.OrderByTokenAsync(order.Token)).Status);
        Assert.Single(await _store.SandboxRefundsAsync());
        Assert.Equal(sold - 4, await _store.SoldTodayAsync());
        // The request is on record before the processor is called, the outcome after; the repeat did nothing and wrote nothing.
        var entries = await AuditAsync();
        Assert.Equal(2, entries.Count);
        Assert.Equal(($"asked: refund · order {order.Id}", Operator, "Paid, payment Succeeded", (string?)null), (entries[0].Action, entries[0].Actor, entries[0].Before, entries[0].After));
        Assert.Equal(($"refund · order {order.Id}", Operator, "Paid, payment Succeeded", "Refunded, payment Refunded"), (entries[1].Action, entries[1].Actor, entries[1].Before, entries[1].After));
    }

    [Fact]
    public async Task ARefusedRefundIsInTheQueueWithItsReasonAndAnOperatorCanAskAgain()
    {
        var order = await PaidOrderAsync("buyer@example.com", credits: 2);
        var processor = _store.Get<ScriptedProcessor>();
        processor.RefundAnswer = RefundState.Failed;
        await _store.Get<PaymentSettlement>().FailAndRefundAsync(order.Id, "Venice refused the key", default);

        var queued = Assert.Single(await WithAsync((ConsoleOrderQueries o) => o.NeedingAttentionAsync(default)));
        Assert.Equal(order.Id, queued.Order.Id);
        Assert.Contains(queued.Reasons, r => r.Contains("The refund was refused: The charge cannot be refunded.", StringComparison.Ordinal));

        processor.RefundAnswer = null;
        var result = await WithAsync((ConsoleRefund o) => o.RefundAsync(order.Id, Operator, default));

        Assert.Equal((true, "Refunded."), (result.Changed, result.Message));
        var refunded = await _store.OrderByTokenAsync(order.Token);
        Assert.Equal((OrderStatus.Refunded, false), (refunded.Status, refunded.NeedsAttention));
        Assert.Equal(PaymentState.Refunded, Assert.Single(await _store.PaymentsAsync()).State);
        Assert.Empty(await WithAsync((ConsoleOrderQueries o) => o.NeedingAttentionAsync(default)));
    }

    [Fact]
    public async Task AnOrderWaitingForItsKeyPastTheThresholdIsStuckAndRetryHandsItToProvisioning()
    {
        var order = await PaidOrderAsync("buyer@example.com");
        Assert.Empty(await WithAsync((ConsoleOrderQueries o) => o.NeedingAttentionAsync(default)));

        _store.Clock.Advance(TimeSpan.FromMinutes(16));
        var stuck = Assert.Single(await WithAsync((ConsoleOrderQueries o) => o.NeedingAttentionAsync(default)));
        Assert.StartsWith("Stuck: Paid since", Assert.Single(stuck.Reasons));

        var retried = await WithAsync((ConsoleProvisioningRetry o) => o.RetryProvisioningAsync(order.Id, Operator, default));
        Assert.True(retried.Changed);
        Assert.Equal([order.Id, order.Id], _store.Provisioning().Orders);
        Assert.Equal($"retry provisioning · order {order.Id}", Assert.Single(await AuditAsync()).Action);

        await WithAsync((ConsoleRefund o) => o.RefundAsync(order.Id, Operator, default));
        var refused = await WithAsync((ConsoleProvisioningRetry o) => o.RetryProvisioningAsync(order.Id, Operator, default));
        Assert.Equal((false, "Only a paid order still waiting for its key can be retried; this one is Refunded."), (refused.Changed, refused.Message));
    }

    [Fact]
    public async Task TheTimelineTellsTheOrdersStoryWithTheOperatorsActions()
    {
        var order = await PaidOrderAsync("buyer@example.com", credits: 3);
        await WithAsync((ConsoleRefund o) => o.RefundAsync(order.Id, Operator, default));

        var dossier = await WithAsync((ConsoleOrderQueries o) => o.GetAsync(order.Id, default));

        Assert.NotNull(dossier);
        var texts = dossier.Timeline.Select(e => e.Kind + ": " + e.Text).ToList();
        Assert.StartsWith("order: Placed: 3 credits", texts[0]);
        Assert.Contains(texts, t => t.StartsWith("order: Paid (charge ", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("order: Failed: Refunded by an operator.", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("order: Refunded (refund ", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith($"operator: {Operator}: refund · order {order.Id}", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains(order.Token!, StringComparison.Ordinal));
        Assert.Equal(dossier.Timeline.OrderBy(e => e.At).Select(e => e.Text), dossier.Timeline.Select(e => e.Text));
    }

    private async Task<System.Net.HttpStatusCode> OpenAsync(string token)
    {
        using var http = _store.CreateClient();
        return (await http.GetAsync($"/api/orders/{token}")).StatusCode;
    }

    private static string TokenOf(OrderReceipt receipt) => receipt.OrderPath["/orders/".Length..];

    [Fact]
    public async Task ResendingTheReceiptMailsANewLinkThatOpensTheOrderWhileTheOldLinkStillDoes()
    {
        var order = await PaidOrderAsync("buyer@example.com", credits: 2);
        var mailed = _store.Get<RecordingReceiptSender>();
        var sentAtPayment = mailed.Sent.Count;

        var result = await WithAsync((ConsoleReceiptResend o) => o.ResendReceiptAsync(order.Id, "request-1", retireEarlierLinks: false, Operator, default));

        Assert.Equal((true, "Receipt sent to b***@example.com with a new link; earlier links still work."), (result.Changed, result.Message));
        var receipt = Assert.Single(mailed.Sent.Skip(sentAtPayment));
        Assert.Equal(("buyer@example.com", 2), (receipt.Email, receipt.Credits));
        var newToken = TokenOf(receipt);
        Assert.NotEqual(order.Token, newToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, await OpenAsync(newToken));
        Assert.Equal(System.Net.HttpStatusCode.OK, await OpenAsync(order.Token!));
        var mine = await _store.Get<OrderQueries>().ListAsync([newToken, order.Token!], default);
        Assert.Equal(order.Id, Assert.Single(mine).OrderId);
        var entry = Assert.Single(await AuditAsync());
        Assert.Equal(($"resend receipt · order {order.Id}", "1 working link", "new link sent to b***@example.com; earlier links kept (2 working)"),
            (entry.Action, entry.Before, entry.After));
        Assert.DoesNotContain(newToken, entry.Before + entry.After + entry.Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetiringTheEarlierLinksLeavesOnlyTheNewestLinkOpeningTheOrder()
    {
        var order = await PaidOrderAsync("buyer@example.com");
        var mailed = _store.Get<RecordingReceiptSender>();
        await WithAsync((ConsoleReceiptResend o) => o.ResendReceiptAsync(order.Id, "request-1", retireEarlierLinks: false, Operator, default));
        var second = TokenOf(mailed.Sent[^1]);

        var result = await WithAsync((ConsoleReceiptResend o) => o.ResendReceiptAsync(order.Id, "request-2", retireEarlierLinks: true, Operator, default));

        Assert.Equal("Receipt sent to b***@example.com with a new link; the earlier links no longer open the order.", result.Message);
        var newest = TokenOf(mailed.Sent[^1]);
        Assert.Equal(System.Net.HttpStatusCode.OK, await OpenAsync(newest));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, await OpenAsync(order.Token!));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, await OpenAsync(second));
        Assert.Empty(await _store.Get<OrderQueries>().ListAsync([order.Token!, second], default));
        Assert.Equal("new link sent to b***@example.com; 2 earlier links retired", (await AuditAsync())[^1].After);
    }

    [Fact]
    public async Task ADoubleClickOnResendSendsTheReceiptOnce()
    {
        var order = await PaidOrderAsync("buyer@example.com");
        var mailed = _store.Get<RecordingReceiptSender>();
        var sentAtPayment = mailed.Sent.Count;

        var clicks = await Task.WhenAll(
            WithAsync((ConsoleReceiptResend o) => o.ResendReceiptAsync(order.Id, "request-1", retireEarlierLinks: false, Operator, default)),
            WithAsync((ConsoleReceiptResend o) => o.ResendReceiptAsync(order.Id, "request-1", retireEarlierLinks: false, Operator, default)));

        Assert.Single(clicks, c => c.Changed);
        Assert.Single(clicks, c => c.Message == "This resend was already done; nothing was sent again.");
        Assert.Single(mailed.Sent.Skip(sentAtPayment));
        Assert.Single(await AuditAsync());
    }
}

/// <summary>Revoking keys needs a key: this store mints them on its simulated Venice.</summary>
public class ConsoleOrdersRevokeTests
{
    [Fact]
    public async Task RevokingStopsTheKeyOnVeniceOnceFindsTheOrderByItsKeyAndKeepsTheSecretOutOfTheTimeline()
    {
        await using var store = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        var token = await store.BuyCreditsAsync(5);
        var fulfilled = await store.WaitForOrderStatusAsync(token, "fulfilled");
        var apiKey = fulfilled.GetProperty("apiKey").GetString()!;
        var veniceKeyId = fulfilled.GetProperty("veniceKeyId").GetString()!;
        var order = await store.OrderByTokenAsync(token);
        await using var scope = store.Services.CreateAsyncScope();
        var console = scope.ServiceProvider.GetRequiredService<ConsoleOrderQueries>();
        var revocation = scope.ServiceProvider.GetRequiredService<ConsoleKeyRevocation>();

        Assert.Equal([order.Id], (await console.SearchAsync(new OrderSearch(apiKey[^6..]), default)).Select(r => r.Id));

        var first = await revocation.RevokeKeysAsync(order.Id, "ops@example.com", default);
        var second = await revocation.RevokeKeysAsync(order.Id, "ops@example.com", default);

        Assert.Equal((true, "Key revoked on Venice."), (first.Changed, first.Message));
        Assert.Equal((false, "The order has no key left to revoke."), (second.Changed, second.Message));
        Assert.Null(await store.Get<IVeniceKeyClient>().GetKeyAsync(veniceKeyId, default));
        var dossier = (await console.GetAsync(order.Id, default))!;
        Assert.NotNull(Assert.Single(dossier.Order.Keys).RevokedAt);
        Assert.Contains(dossier.Timeline, e => e.Kind == "venice" && e.Text.Contains($"Venice issued key {veniceKeyId}", StringComparison.Ordinal));
        Assert.Contains(dossier.Timeline, e => e.Text.Contains($"key {veniceKeyId} revoked on Venice", StringComparison.Ordinal));
        Assert.DoesNotContain(dossier.Timeline, e => e.Text.Contains(apiKey, StringComparison.Ordinal));
        await using var db = await store.Get<IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        Assert.Single(await db.AuditLog.Where(e => e.Action.StartsWith("revoke key")).ToListAsync());
    }

    [Fact]
    public async Task RefundingAFulfilledOrderRevokesItsKeyFirstThenGivesTheMoneyBackOnce()
    {
        await using var store = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        var token = await store.BuyCreditsAsync(4);
        var fulfilled = await store.WaitForOrderStatusAsync(token, "fulfilled");
        var veniceKeyId = fulfilled.GetProperty("veniceKeyId").GetString()!;
        var order = await store.OrderByTokenAsync(token);
        var sold = await store.SoldTodayAsync();
        await using var scope = store.Services.CreateAsyncScope();
        var console = scope.ServiceProvider.GetRequiredService<ConsoleOrderQueries>();
        var refund = scope.ServiceProvider.GetRequiredService<ConsoleRefund>();
        Assert.True((await console.GetAsync(order.Id, default))!.CanRefund);

        var first = await refund.RefundAsync(order.Id, "ops@example.com", default);
        var second = await refund.RefundAsync(order.Id, "ops@example.com", default);

        Assert.Equal((true, "Refunded."), (first.Changed, first.Message));
        Assert.Equal((false, "Already refunded."), (second.Changed, second.Message));
        Assert.Null(await store.Get<IVeniceKeyClient>().GetKeyAsync(veniceKeyId, default));
        var dossier = (await console.GetAsync(order.Id, default))!;
        Assert.Equal(OrderStatus.Refunded, dossier.Order.Status);
        Assert.NotNull(Assert.Single(dossier.Order.Keys).RevokedAt);
        Assert.Equal(PaymentState.Refunded, dossier.Payment!.State);
        Assert.Single(await store.SandboxRefundsAsync());
        Assert.Equal(sold - 4, await store.SoldTodayAsync());
        Assert.Equal("refunded", (await store.GetOrderAsync(token)).GetProperty("status").GetString());
        await using var db = await store.Get<IDbContextFactory<OperatorDbContext>>().CreateDbContextAsync();
        var entry = Assert.Single(await db.AuditLog.Where(e => e.Action.StartsWith("refund")).ToListAsync());
        Assert.Equal(("Fulfilled, payment Succeeded", "Refunded, payment Refunded"), (entry.Before, entry.After));
    }
}
