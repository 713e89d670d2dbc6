using Bunit;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components.Admin;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Pricing;

namespace CheapTokens.Tests.Components;

/// <summary>Every console table says in a sentence when it has nothing to show, and only then.</summary>
public class ConsoleEmptyTablesTests : ComponentTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheAuditLogSaysWhenNoActionIsRecorded()
    {
        var empty = Render<AuditTable>(p => p.Add(c => c.Entries, []));
        Assert.Equal("No operator action recorded yet.", empty.Find("[data-testid=audit-log-empty]").TextContent);
        Assert.Empty(empty.FindAll("[data-testid=audit-log] tbody tr"));

        var one = Render<AuditTable>(p => p.Add(c => c.Entries, [new AuditEntry { At = At, Actor = "ops@example.com", Action = "sign-in" }]));
        Assert.Single(one.FindAll("[data-testid=audit-log] tbody tr"));
        Assert.Empty(one.FindAll("[data-testid=audit-log-empty]"));
    }

    [Fact]
    public void SavedPricingVersionsSayWhenNoneIsSavedYet()
    {
        var empty = Render<PricingVersionsTable>(p => p.Add(c => c.Versions, []));
        Assert.Equal("No saved versions yet: the pricing from appsettings.json is in force.", empty.Find("[data-testid=pricing-versions-empty]").TextContent);

        var settings = new PricingSettings(1m, [new CurvePointOptions { At = "00:00", DiscountPercent = 0m }, new CurvePointOptions { At = "24:00", DiscountPercent = 90m }], 10_000, 25m, 30);
        var one = Render<PricingVersionsTable>(p => p.Add(c => c.Versions, [new PricingVersion { Id = 1, CreatedAt = At, CreatedBy = "ops@example.com", Settings = settings.ToJson() }]));
        Assert.Single(one.FindAll("[data-testid=pricing-versions] tbody tr"));
        Assert.Empty(one.FindAll("[data-testid=pricing-versions-empty]"));
    }

    [Fact]
    public void OrdersByStatusSayWhenTodayHasNoOrders()
    {
        var empty = Render<StatusCountsTable>(p => p.Add(c => c.Counts, []));
        Assert.Equal("No orders today yet.", empty.Find("[data-testid=orders-by-status-empty]").TextContent);

        var some = Render<StatusCountsTable>(p => p.Add(c => c.Counts, [(OrderStatus.Fulfilled, 3)]));
        var row = Assert.Single(some.FindAll("[data-testid=orders-by-status] tbody tr"));
        // The store's one vocabulary, not the state's code name.
        Assert.Equal("Ready", row.QuerySelector("td")!.TextContent.Trim());
        Assert.Empty(some.FindAll("[data-testid=orders-by-status-empty]"));
    }

    [Theory]
    [InlineData("search-results", "No order matches.")]
    [InlineData("attention", "Nothing needs a person.")]
    [InlineData("latest-orders", "No orders yet.")]
    public void OrderTablesSayWhenTheyHaveNoOrders(string testId, string sentence)
    {
        var cut = Render<OrderTable>(p => p.Add(c => c.Rows, []).Add(c => c.EmptyText, sentence).Add(c => c.TestId, testId));

        Assert.Equal(sentence, cut.Find($"[data-testid={testId}-empty]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=order-row]"));
    }

    [Fact]
    public void VeniceAndPaymentErrorsSayWhenThereAreNone()
    {
        var cut = Render<ProblemList>(p => p.Add(c => c.Title, "Last Venice errors").Add(c => c.Problems, []).Add(c => c.TestId, "venice-problems"));

        Assert.Contains("None since the store started.", cut.Find("[data-testid=venice-problems]").TextContent);
        Assert.Empty(cut.FindAll("li"));
    }
}
