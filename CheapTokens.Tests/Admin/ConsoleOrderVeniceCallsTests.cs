using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Maintenance;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Admin;

/// <summary>The Venice calls made for an order, in its console timeline: minted, pool-served, revoked; never a secret.</summary>
public class ConsoleOrderVeniceCallsTests
{
    private const string AdminKey = "calls-admin-key-7d21";

    private static async Task<OrderDossier> DossierAsync(StoreHost store, Guid orderId)
    {
        await using var scope = store.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ConsoleOrderQueries>().GetAsync(orderId, default))!;
    }

    private static async Task<List<VeniceCall>> CallsAsync(StoreHost store)
    {
        await using var db = await store.OpenDbAsync();
        return await db.VeniceCalls.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }

    private static void AssertNoSecret(IEnumerable<VeniceCall> calls, IEnumerable<TimelineEvent> timeline, params string[] secrets)
    {
        var texts = calls.SelectMany(c => new[] { c.Operation, c.VeniceKeyId, c.Outcome, c.Error }).Concat(timeline.Select(e => e.Text));
        foreach (var secret in secrets) Assert.DoesNotContain(texts, t => t is not null && t.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMintRateLimitedOnceAndARevokeAreInTheTimelineWithStatusAttemptAndKeyIdButNoSecret()
    {
        await using var store = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Venice:AdminKey"] = AdminKey, ["Venice:RetryBaseDelayMs"] = "10" },
            new FakeTimeProvider(StoreHost.Afternoon));
        store.Simulator().InjectFaults(fail429: 1, retryAfterSeconds: 1);
        var token = await store.BuyCreditsAsync(5);
        var fulfilled = await store.WaitForOrderStatusAsync(token, "fulfilled");
        var apiKey = fulfilled.GetProperty("apiKey").GetString()!;
        var keyId = fulfilled.GetProperty("veniceKeyId").GetString()!;
        var order = await store.OrderByTokenAsync(token);

        await using (var scope = store.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ConsoleKeyRevocation>().RevokeKeysAsync(order.Id, "ops@example.com", default);

        var calls = await CallsAsync(store);
        Assert.All(calls, c => Assert.Equal(order.Id, c.OrderId));
        Assert.Equal(
            [("create key", 1, 429, "retried", (string?)null), ("create key", 2, 200, "ok", keyId), ("revoke key", 1, 200, "ok", keyId)],
            calls.Select(c => (c.Operation, c.Attempt, c.HttpStatus ?? 0, c.Outcome, c.VeniceKeyId)));
        Assert.NotNull(calls[0].Error);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1), "the retry waited for Retry-After");

        var dossier = await DossierAsync(store, order.Id);
        var shown = dossier.Timeline.Where(e => e.Kind == "venice call").Select(e => e.Text).ToList();
        Assert.Equal(3, shown.Count);
        Assert.StartsWith("create key → HTTP 429 retried (attempt 1,", shown[0]);
        Assert.StartsWith("create key → HTTP 200 ok (attempt 2,", shown[1]);
        Assert.Contains($"key {keyId})", shown[1]);
        Assert.StartsWith("revoke key → HTTP 200 ok (attempt 1,", shown[2]);
        Assert.Equal(dossier.Timeline.OrderBy(e => e.At).Select(e => e.Text), dossier.Timeline.Select(e => e.Text));
        AssertNoSecret(calls, dossier.Timeline, apiKey, AdminKey);
    }

    [Fact]
    public async Task APoolKeyHandOutRecordsItsRetriedPatchAndNoCreate()
    {
        await using var store = await StoreHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Venice:AdminKey"] = AdminKey,
                ["KeyPool:Enabled"] = "true",
                ["KeyPool:Size"] = "1",
                ["KeyPool:LowWaterMark"] = "1",
                ["KeyPool:RefillIntervalSeconds"] = "3600",
                ["Venice:RetryBaseDelayMs"] = "10",
                ["Provisioning:RetryDelaySeconds"] = "0",
            },
            new FakeTimeProvider(StoreHost.Afternoon));
        await using (var scope = store.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<KeyPoolRefillJob>().RefillAsync(default);
        Assert.Empty(await CallsAsync(store)); // refills are for no order
        store.Simulator().InjectUpdateFaults(fail429: 1);

        var quote = await store.QuoteAsync(3);
        var placed = Assert.IsType<PlaceOrderResult.Placed>(await store.PlaceAsync(quote.Id, StoreScenarios.NewKey()));
        var fulfilled = await store.WaitForOrderStatusAsync(placed.Order.Token!, "fulfilled");
        var keyId = fulfilled.GetProperty("veniceKeyId").GetString()!;

        var calls = await CallsAsync(store);
        Assert.Equal(
            [("update key", 1, 429, "retried"), ("update key", 2, 200, "ok")],
            calls.Select(c => (c.Operation, c.Attempt, c.HttpStatus ?? 0, c.Outcome)));
        Assert.All(calls, c => Assert.Equal((placed.Order.OrderId, keyId), (c.OrderId, c.VeniceKeyId)));
        AssertNoSecret(calls, (await DossierAsync(store, placed.Order.OrderId)).Timeline, fulfilled.GetProperty("apiKey").GetString()!, AdminKey);
    }

    [Fact]
    public async Task AVeniceCallStillCountsWhenItCannotBeRecorded()
    {
        await using var store = await VeniceSimulation.StartAsync();
        var options = new VeniceOptions { BaseUrl = store.SimulatorBaseUrl(), AdminKey = VeniceSimulation.AdminKey, MaxRetries = 0 };
        var client = new VeniceKeyClient(new HttpClient(), options, store.Clock, NullLogger<VeniceKeyClient>.Instance, new FailingRecorder());

        VeniceKey key;
        using (VeniceCallScope.ForOrder(Guid.NewGuid()))
            key = await client.CreateInferenceKeyAsync(new VeniceKeyRequest("order-x", 2m, VeniceLimitUnit.Diem, store.Clock.GetUtcNow().AddHours(1)), default);

        Assert.Equal(key.Id, Assert.Single(await client.ListKeysAsync(default)).Id);
    }

    [Fact]
    public async Task PruningDeletesCallsOlderThanThirtyDaysAndKeepsNewerOnes()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var store = await StoreHost.StartAsync(clock: clock);
        var log = store.Get<VeniceCallLog>();
        var order = Guid.NewGuid();
        await log.RecordAsync([new VeniceCall(order, clock.GetUtcNow() - TimeSpan.FromDays(31), "create key", "k-old", 1, 200, "ok", null, 5)]);
        await log.RecordAsync([new VeniceCall(order, clock.GetUtcNow() - TimeSpan.FromDays(29), "revoke key", "k-new", 1, 200, "ok", null, 5)]);

        await using var scope = store.Services.CreateAsyncScope();
        var deleted = await ActivatorUtilities.CreateInstance<PruneVeniceCallsJob>(scope.ServiceProvider).PruneAsync(default);

        Assert.Equal(1, deleted);
        Assert.Equal(["k-new"], (await log.ForOrderAsync(order, default)).Select(c => c.VeniceKeyId));
    }

    private sealed class FailingRecorder : IVeniceCallRecorder
    {
        public Task RecordAsync(IReadOnlyList<VeniceCall> calls) => throw new InvalidOperationException("database is gone");
    }
}
