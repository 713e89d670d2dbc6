using Bunit;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components.Admin;
using CheapTokens.Blazor.Components.Orders;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Orders;

namespace CheapTokens.Tests.Components;

/// <summary>The buyer's page and the console say an order's status with the same icon and word.</summary>
public class StatusVocabularyTests : ComponentTestContext
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

    private static OrderSummary Summary(OrderStatus status, Product product) =>
        new(Guid.NewGuid(), "tok123", status, 12, 0.5m, 6m, Start, Start.AddHours(10), null)
        {
            Product = product,
            DiemPerDay = product == Product.Pass ? 4 : null,
        };

    private static OrderRunDetails Run(int number, DateOnly from, DateOnly to, string? keyId) =>
        new(Guid.NewGuid(), number, from, to, 4, keyId is null ? OrderKeyStatus.Scheduled : OrderKeyStatus.Minted,
            new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            keyId is null ? null : "vk_" + keyId, keyId, keyId is null ? null : keyId[^6..]);

    private IRenderedComponent<OrderProgress> RenderOrder(OrderDetails details, bool showKeyStatus = false) =>
        Render<OrderProgress>(ps => ps.Add(p => p.Details, details).Add(p => p.Place, null).Add(p => p.Now, Clock.GetUtcNow())
            .Add(p => p.ShowKeyStatus, showKeyStatus));

    [Fact]
    public void APassWhoseFirstKeyIsOutSaysPartlyReadyOnItsPageAndInTheConsole()
    {
        var details = new OrderDetails(Summary(OrderStatus.Provisioning, Product.Pass), "vk_first-key-000001", "first-key-000001", null)
        {
            Runs = [Run(1, Today, Today, "first-key-000001"), Run(2, Today.AddDays(2), Today.AddDays(2), null)],
        };

        var page = RenderOrder(details).Find("[data-testid=order-stage]");
        var console = Render<OrderTable>(ps => ps.Add(p => p.Rows,
                [new OrderRow(Guid.NewGuid(), Start, "buyer@example.com", Product.Pass, 8, 6m, OrderStatus.Provisioning, false, ["000001"])]))
            .Find("[data-testid=order-status] .status-chip");

        Assert.Equal("Partly ready", page.TextContent);
        Assert.Equal(page.TextContent, console.TextContent);
        Assert.Equal(page.ClassName, console.ClassName);
        // The word comes with an icon; the colour is never the only sign.
        Assert.NotNull(page.QuerySelector("svg.status-icon[aria-hidden=true] path"));
        Assert.Equal("partly-ready", console.GetAttribute("data-stage"));
    }

    [Theory]
    [InlineData(OrderStatus.Paid, new[] { "Paid (now)", "Issuing key (to come)", "Ready (to come)" })]
    [InlineData(OrderStatus.Provisioning, new[] { "Paid (done)", "Issuing key (now)", "Ready (to come)" })]
    [InlineData(OrderStatus.Fulfilled, new[] { "Paid (done)", "Issuing key (done)", "Ready (now)" })]
    public void TheStepsSayInWordsWhichAreDoneEachWithAnIcon(OrderStatus status, string[] steps)
    {
        var cut = RenderOrder(new OrderDetails(Summary(status, Product.Credits), null, null, null));

        var items = cut.FindAll(".order-steps li");
        Assert.Equal(steps, items.Select(li => li.TextContent.Trim()).ToArray());
        Assert.All(items, li => Assert.NotNull(li.QuerySelector("svg.status-icon")));
        Assert.Single(cut.FindAll(".order-steps li[aria-current=step]"));
    }

    [Fact]
    public void AnOrderThatWillNeverHaveAKeyShowsNoStepsTowardsOne()
    {
        var cut = RenderOrder(new OrderDetails(Summary(OrderStatus.Refunded, Product.Credits), null, null, null));

        Assert.Empty(cut.FindAll(".order-steps"));
        Assert.Equal("Refunded", cut.Find("[data-testid=order-stage]").TextContent);
    }

    [Fact]
    public void EachRunOfAPassShowsItsOwnKeysStatusWithIt()
    {
        Keys.SetUsage("run-one-key-000001", KeyUsageReading.Of(1m));
        Keys.SetUsage("run-two-key-000002", KeyUsageReading.Of(3m));
        var details = new OrderDetails(Summary(OrderStatus.Provisioning, Product.Pass), "vk_run-two-key-000002", "run-two-key-000002", null)
        {
            Runs =
            [
                Run(1, Today.AddDays(-1), Today.AddDays(-1), "run-one-key-000001"),
                Run(2, Today, Today, "run-two-key-000002"),
                Run(3, Today.AddDays(2), Today.AddDays(2), null),
            ],
        };

        var cut = RenderOrder(details, showKeyStatus: true);

        var runs = cut.FindAll("[data-testid=run-key]");
        Assert.Equal(["Expired", "Ready", "Scheduled"], runs.Select(r => r.QuerySelector("[data-testid=run-stage]")!.TextContent).ToArray());
        // Each issued run carries the status of its own key, and nothing is said of a key outside its run.
        Assert.Equal("1 (4 a day)", runs[0].QuerySelector("[data-testid=key-usage] [data-testid=key-used]")!.TextContent);
        Assert.Equal("3 (4 a day)", runs[1].QuerySelector("[data-testid=key-usage] [data-testid=key-used]")!.TextContent);
        Assert.Null(runs[2].QuerySelector("[data-testid=key-usage]"));
        Assert.Equal(2, cut.FindAll("[data-testid=key-usage]").Count);
        Assert.Equal(2, cut.FindAll("[data-testid=run-key] [data-testid=key-usage]").Count);
    }

    [Fact]
    public void ACreditsOrderShowsItsKeysStatusUnderItsKey()
    {
        Keys.SetUsage("credits-key-000001", KeyUsageReading.Of(2m));
        var details = new OrderDetails(Summary(OrderStatus.Fulfilled, Product.Credits), "vk_credits-key-000001", "credits-key-000001", null)
        {
            Runs = [Run(1, Today, Today, "credits-key-000001")],
        };

        var cut = RenderOrder(details, showKeyStatus: true);

        Assert.Equal("2 of 12", cut.Find("[data-testid=key-panel] ~ [data-testid=key-usage] [data-testid=key-used]").TextContent);
        Assert.Equal("Ready", cut.Find("[data-testid=order-stage]").TextContent);
    }
}
