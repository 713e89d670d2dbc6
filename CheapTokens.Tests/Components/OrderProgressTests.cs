using CheapTokens.Blazor.Orders;
using Bunit;
using CheapTokens.Blazor.Components.Orders;
using CheapTokens.Core.Orders;
using MudBlazor;

namespace CheapTokens.Tests.Components;

public class OrderProgressTests : ComponentTestContext
{
    private const string Key = "vk_test_0123456789abcdef";

    private static OrderSummary Summary(OrderStatus status, Product product = Product.Credits) =>
        new(Guid.NewGuid(), "tok123", status, 25, 0.5m, 12.5m, Start, status == OrderStatus.Fulfilled ? Start.AddHours(10) : null, null)
        {
            Product = product,
            DiemPerDay = product == Product.Pass ? 4 : null,
        };

    private static OrderRunDetails Run(DateOnly from, DateOnly to, OrderKeyStatus status, string? apiKey) =>
        new(Guid.NewGuid(), 1, from, to, 4, status, new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), apiKey, apiKey is null ? null : "key-id", null);

    private IRenderedComponent<OrderProgress> RenderOrder(OrderDetails details, QueuePlace? place = null) =>
        Render<OrderProgress>(ps => ps.Add(p => p.Details, details).Add(p => p.Place, place).Add(p => p.Now, Clock.GetUtcNow()));

    [Theory]
    [InlineData(OrderStatus.Created, "Awaiting payment: Waiting for the payment")]
    [InlineData(OrderStatus.Paid, "Paid: Your key is queued.")]
    [InlineData(OrderStatus.Provisioning, "Issuing key: Your key is being issued")]
    [InlineData(OrderStatus.Failed, "Refund due: We could not issue your key. A full refund is on its way.")]
    [InlineData(OrderStatus.Refunded, "Refunded: Your payment of $12.50 was returned in full.")]
    [InlineData(OrderStatus.Declined, "Declined: Payment declined; nothing was charged.")]
    public void EachStateShowsOneClearMessage(OrderStatus status, string message)
    {
        var cut = RenderOrder(new OrderDetails(Summary(status), null, null, null));

        var shown = cut.FindAll("[data-testid=order-status]");
        Assert.Single(shown);
        Assert.Contains(message, shown[0].TextContent);
        Assert.Equal(status.ToString().ToLowerInvariant(), shown[0].GetAttribute("data-status"));
        Assert.Empty(cut.FindAll("[data-testid=api-key]"));
    }

    [Fact]
    public void AnIssuedKeyIsShownWithItsSnippets()
    {
        var cut = RenderOrder(new OrderDetails(Summary(OrderStatus.Fulfilled), Key, "key-id", null));

        Assert.Contains("Ready: Your key is below.", cut.Find("[data-testid=order-status]").TextContent);
        Assert.Equal(Key, cut.Find("[data-testid=api-key]").TextContent);
        Assert.Equal("$12.50", cut.Find("[data-testid=order-amount]").TextContent.Split(' ')[0]);
    }

    [Fact]
    public void TheSummaryShowsTheAmountChargedTheDiscountAndWhereTheReceiptWent()
    {
        var summary = Summary(OrderStatus.Fulfilled) with { MaskedEmail = MaskedEmail.Of("buyer@example.com") };

        var cut = RenderOrder(new OrderDetails(summary, Key, "key-id", null));

        Assert.Equal("25 credits", cut.Find("[data-testid=order-product]").TextContent);
        Assert.StartsWith("$12.50", cut.Find("[data-testid=order-amount]").TextContent);
        // The test curve lists a credit at $1.00, so $0.50 is half off.
        Assert.Equal(", 50% off list", cut.Find("[data-testid=order-discount]").TextContent);
        Assert.Equal("b***@example.com", cut.Find("[data-testid=order-email]").TextContent);
        Assert.DoesNotContain("buyer@example.com", cut.Markup);
        Assert.Equal("/orders/tok123", cut.Find("[data-testid=order-link]").GetAttribute("href"));
    }

    [Fact]
    public void APassShowsOneClearStatePerRun()
    {
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        var details = new OrderDetails(Summary(OrderStatus.Provisioning, Product.Pass), Key, "key-id", null)
        {
            Runs = [Run(today, today, OrderKeyStatus.Minted, Key), Run(today.AddDays(3), today.AddDays(4), OrderKeyStatus.Scheduled, null)],
        };

        var cut = RenderOrder(details);

        Assert.Single(cut.FindAll("[data-testid=order-status]"));
        Assert.Contains("Partly ready: Keys that have started are below", cut.Find("[data-testid=order-status]").TextContent);
        var runs = cut.FindAll("[data-testid=run-key]");
        Assert.Equal("Ready", runs[0].QuerySelector("[data-testid=run-stage]")!.TextContent);
        Assert.Equal("Scheduled", runs[1].QuerySelector("[data-testid=run-stage]")!.TextContent);
        Assert.NotNull(runs[0].QuerySelector("[data-testid=api-key]"));
        var waiting = runs[1].QuerySelector("[data-testid=run-scheduled]")!.TextContent;
        Assert.Contains("Issued at 00:00 UTC on 2 Dec 2026", waiting);
        Assert.Contains("2026-12-02 00:00:00 UTC", waiting);
        Assert.Equal("2 d 10 h", runs[1].QuerySelector("[data-testid=run-countdown]")!.TextContent);
        Assert.Null(runs[1].QuerySelector("[data-testid=api-key]"));
        Assert.Empty(cut.FindAll("[data-testid=queue-position]"));
    }
}

public class KeyPanelTests : ComponentTestContext
{
    [Fact]
    public void ShowsTheKeySnippetsWithItAndACopyActionThatSaysCopied()
    {
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<KeyPanel>(ps => ps
            .Add(p => p.ApiKey, "vk_test_secret")
            .Add(p => p.ExpiresAt, Start.AddHours(10))
            .Add(p => p.Credits, 25));

        Assert.Equal("vk_test_secret", cut.Find("[data-testid=api-key]").TextContent);
        Assert.Equal("25 diem", cut.Find("[data-testid=key-limit]").TextContent);
        Assert.Contains("Bearer vk_test_secret", cut.Find(".code-block pre").TextContent);
        Assert.Equal(3, cut.FindAll(".mud-tab").Count);

        cut.Find("[data-testid=copy-key]").Click();

        Assert.Equal("vk_test_secret", JSInterop.VerifyInvoke("cheapTokens.copyText").Arguments[0]);
        snackbars.WaitForAssertion(() => Assert.Contains("Key copied", snackbars.Markup));
    }

    [Fact]
    public void OnASimulatedVeniceTheSnippetsCallTheStoresOwnSimulatorAndSaySo()
    {
        SimulatedKeys();

        var cut = Render<KeyPanel>(ps => ps
            .Add(p => p.ApiKey, "vk_test_secret")
            .Add(p => p.ExpiresAt, Start.AddHours(10))
            .Add(p => p.Credits, 25));

        Assert.Equal("http://localhost/venice-sim/api/v1", cut.Find("[data-testid=key-base-url]").TextContent);
        Assert.Contains("curl http://localhost/venice-sim/api/v1/chat/completions", cut.Find(".code-block pre").TextContent);
        Assert.Contains("the key works only there, not against Venice itself", cut.Find("[data-testid=key-simulated]").TextContent);
        Assert.Contains("simulated Venice API key", cut.Find("h3").TextContent);
    }
}
