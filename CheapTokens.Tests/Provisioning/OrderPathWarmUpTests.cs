using System.Globalization;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Core.Venice;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Provisioning;

public class OrderPathWarmUpTests
{
    [Fact]
    public async Task WarmingUpChangesNothingAndTheNextBuyerStillGetsAPoolKey()
    {
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        var logs = new CapturingLoggerProvider();
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Venice:AdminKey"] = "warm-up-admin-key-5e21",
            ["KeyPool:Enabled"] = "true",
            ["KeyPool:Size"] = "2",
            ["KeyPool:LowWaterMark"] = "2",
            ["KeyPool:RefillPerMinute"] = "1000",
            ["KeyPool:RefillIntervalSeconds"] = "3600",
        }, clock, s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs).AddLogging(l => l.AddFilter<CapturingLoggerProvider>(null, Microsoft.Extensions.Logging.LogLevel.Debug)));
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<KeyPoolRefillJob>().RefillAsync(default));
        var venice = host.Get<IVeniceKeyClient>();
        var keysBefore = (await venice.ListKeysAsync(default)).Select(k => (k.Id, k.DiemLimit, k.Description)).OrderBy(k => k.Id).ToList();

        await host.Services.GetServices<IHostedService>().OfType<OrderPathWarmUp>().Single().WarmUpAsync(default);

        await using (var db = await host.OpenDbAsync())
        {
            Assert.All(await db.PoolKeys.AsNoTracking().ToListAsync(), p => Assert.Null(p.ClaimedByOrderKeyId));
            // The checkout's writes were rehearsed and rolled back: no quote, order, payment or idempotency record kept.
            Assert.Empty(await db.Orders.AsNoTracking().ToListAsync());
            Assert.Empty(await db.Quotes.AsNoTracking().ToListAsync());
            Assert.Empty(await db.Payments.AsNoTracking().ToListAsync());
            Assert.Empty(await db.IdempotencyRecords.AsNoTracking().ToListAsync());
        }
        Assert.Equal(0, await host.SoldTodayAsync());
        // Every step ran through (a failed step is only logged, and leaves its path cold for the first buyer).
        Assert.DoesNotContain(logs.Lines, line => line.Contains("warm-up lookup failed", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(keysBefore, (await venice.ListKeysAsync(default)).Select(k => (k.Id, k.DiemLimit, k.Description)).OrderBy(k => k.Id).ToList());

        var quote = await host.QuoteAsync(3);
        var placed = Assert.IsType<CheapTokens.Blazor.Checkout.PlaceOrderResult.Placed>(await host.PlaceAsync(quote.Id, StoreScenarios.NewKey()));
        var done = await host.WaitForOrderStatusAsync(placed.Order.Token!, "fulfilled");
        Assert.Contains(done.GetProperty("veniceKeyId").GetString(), keysBefore.Select(k => k.Id));
        Assert.Equal(3m, (await venice.GetKeyAsync(done.GetProperty("veniceKeyId").GetString()!, default))!.DiemLimit);
    }
}
