using Bunit;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components.Admin;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Components;

public class HealthPanelTests : ComponentTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EachAccountShowsItsKeysAndCreationsAgainstItsLimitsAndAFullOneStandsOut()
    {
        var health = new HealthSnapshot(
            [new AccountHealth("main", 500, 500, 3, 20), new AccountHealth("spare", 12, 500, 20, 20)],
            QueueDepth: 4, OldestWait: TimeSpan.FromSeconds(125), PaymentsPending: 2,
            VeniceProblems: [new RecentProblem(At, ProblemSource.Venice, "Warning", "OrderProvisioner", "Venice is unavailable for order 1 (status 503)")],
            PaymentProblems: []);

        var cut = Render<HealthPanel>(p => p.Add(c => c.Health, health));

        var main = cut.Find("[data-account=main]");
        Assert.Equal("500 / 500 live keys", main.QuerySelector("[data-testid=live-keys]")!.TextContent.Trim());
        Assert.Contains("admin-bad", main.QuerySelector("[data-testid=live-keys]")!.ClassName);
        Assert.DoesNotContain("admin-bad", main.QuerySelector("[data-testid=creations]")!.ClassName ?? "");
        var spare = cut.Find("[data-account=spare]");
        Assert.Equal("20 / 20 creations in the last minute", spare.QuerySelector("[data-testid=creations]")!.TextContent.Trim());
        Assert.Contains("admin-bad", spare.QuerySelector("[data-testid=creations]")!.ClassName);
        Assert.Equal("4", cut.Find("[data-testid=queue-depth]").TextContent);
        Assert.Equal("oldest waiting 2 min 05 s", cut.Find("[data-testid=oldest-wait]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=payments-pending]").TextContent);
        Assert.Contains("OrderProvisioner: Venice is unavailable for order 1 (status 503)", cut.Find("[data-testid=venice-problems]").TextContent);
        Assert.Contains("None since the store started.", cut.Find("[data-testid=payment-problems]").TextContent);
    }

    [Fact]
    public void VenicesThrottlesShowAsACountNotAsErrors()
    {
        var quiet = Render<HealthPanel>(p => p.Add(c => c.Health, new HealthSnapshot([], 0, null, 0, [], [], VeniceThrottling.None)));
        Assert.Empty(quiet.FindAll("[data-testid=venice-throttling]"));

        var throttled = Render<HealthPanel>(p => p.Add(c => c.Health, new HealthSnapshot([], 0, null, 0, [], [], new VeniceThrottling(3, At))));

        Assert.Equal("Venice asked the store to slow down 3 times (429 with Retry-After; waited and retried), last at 2026-11-29 14:00:00 UTC.",
            throttled.Find("[data-testid=venice-throttling]").TextContent);
        Assert.Contains("None since the store started.", throttled.Find("[data-testid=venice-problems]").TextContent);
    }

    [Fact]
    public void TheStoresOwnInstrumentsShowTheirValuesSinceStart()
    {
        Services.AddMetrics().AddOptions().AddSingleton<TimeProvider>(Clock).AddSingleton<StoreMetrics>().AddSingleton<StoreReadout>();
        var metrics = Services.GetRequiredService<StoreMetrics>();
        _ = Services.GetRequiredService<StoreReadout>();
        var empty = new HealthSnapshot([], 0, null, 0, [], []);
        var cut = Render<HealthPanel>(p => p.Add(c => c.Health, empty));
        Assert.Equal("0", cut.Find("[data-testid=orders-paid]").TextContent);
        Assert.Equal("not measured yet", cut.Find("[data-testid=tick-lag]").TextContent);

        foreach (var total in new[] { 1.25m, 2.50m }) metrics.OrderPaid(PaidOrder(total));
        metrics.PaymentDeclined("card_declined");
        metrics.TickDelivered(Clock.GetTimestamp() - (long)(0.042 * Clock.TimestampFrequency));
        metrics.VeniceAttempt("create key", 429, TimeSpan.FromMilliseconds(30));
        metrics.RateLimited("orders");
        cut.Render(p => p.Add(c => c.Health, empty with { QueueDepth = 1 }));

        Assert.Equal("2", cut.Find("[data-testid=orders-paid]").TextContent);
        Assert.Equal("$3.75 taken, 1 declined", cut.Find("[data-testid=revenue]").TextContent);
        Assert.Equal("42 ms", cut.Find("[data-testid=tick-lag]").TextContent);
        Assert.Contains("1 Venice 429s", cut.Find("[data-testid=venice-throttled]").TextContent);
        Assert.Equal("1 requests over the store's limits", cut.Find("[data-testid=rate-limited]").TextContent);
    }

    private Order PaidOrder(decimal total)
    {
        var quote = Quote.Create(1, total, Clock.GetUtcNow());
        return Order.Create(quote, "buyer@example.com", "sandbox_ok", Guid.NewGuid().ToString(), Clock.GetUtcNow());
    }
}
