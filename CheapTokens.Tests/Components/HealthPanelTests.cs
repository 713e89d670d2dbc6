using Bunit;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components.Admin;

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
}
