using Bunit;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;

namespace CheapTokens.Tests.Components;

public class PassCalendarTests : ComponentTestContext
{
    // Start is Sunday 29 Nov 2026: the week shown begins on Monday 23 Nov, six days already past.
    private static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);

    private static List<DateAvailability> Days(params DateOnly[] soldOut) =>
        Enumerable.Range(0, 30).Select(i => Today.AddDays(i))
            .Select(d => new DateAvailability(d, soldOut.Contains(d) ? 0 : 100, soldOut.Contains(d), 0.75m))
            .ToList();

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void SoldOutAndPastDatesCannotBePicked()
    {
        var picked = new List<DateOnly>();
        var soldOut = Today.AddDays(1);
        var cut = Render<PassCalendar>(ps => ps
            .Add(p => p.Dates, Days(soldOut))
            .Add(p => p.Selected, new HashSet<DateOnly>())
            .Add(p => p.OnToggle, (DateOnly d) => picked.Add(d)));

        var past = cut.FindAll("[data-past-date]");
        Assert.Equal(6, past.Count);
        Assert.All(past, b => Assert.True(b.HasAttribute("disabled")));
        Assert.Equal(Iso(Today.AddDays(-1)), past[^1].GetAttribute("data-past-date"));
        // Each past day shows its own date (23 to 28 November), visibly and to screen readers.
        Assert.Equal(["23", "24", "25", "26", "27", "28"], past.Select(b => b.QuerySelector(".day")!.TextContent));
        Assert.Contains("Monday 23 November 2026: past", past[0].TextContent);
        Assert.Contains("Saturday 28 November 2026: past", past[^1].TextContent);

        var soldOutButton = cut.Find($"[data-date='{Iso(soldOut)}']");
        Assert.True(soldOutButton.HasAttribute("disabled"));
        Assert.Contains("sold out", soldOutButton.TextContent);

        Assert.Equal(30, cut.FindAll("[data-date]").Count);
        cut.Find($"[data-date='{Iso(Today)}']").Click();
        Assert.Equal([Today], picked);
    }

    [Fact]
    public void UnpickedDatesAfterLockingDoNotLookSoldOut()
    {
        var cut = Render<PassCalendar>(ps => ps
            .Add(p => p.Dates, Days(Today.AddDays(3)))
            .Add(p => p.Selected, new HashSet<DateOnly> { Today })
            .Add(p => p.Locked, true)
            .Add(p => p.OnToggle, (DateOnly _) => { }));

        var unpicked = cut.Find($"[data-date='{Iso(Today.AddDays(1))}']");
        Assert.True(unpicked.HasAttribute("disabled"));
        Assert.DoesNotContain("sold-out", unpicked.ClassName);
        Assert.Contains("locked", unpicked.ClassName);
        Assert.Contains("sold-out", cut.Find($"[data-date='{Iso(Today.AddDays(3))}']").ClassName);
        Assert.Equal("true", cut.Find($"[data-date='{Iso(Today)}']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void PickedDatesAreSummarisedAsRunsWithPrices()
    {
        Store.Dates = Days();
        var cut = Render<LivePageHost>(ps => ps.Add(p => p.Snapshot, Board()).AddChildContent<BuyPass>(pass => pass
            .Add(p => p.Interactive, true).Add(p => p.Today, Today).Add(p => p.SalesPaused, false)));

        cut.Find("[data-testid=pass-choose-dates]").Click();

        // Today and tomorrow make one run; the day after next stands alone.
        foreach (var date in new[] { Today, Today.AddDays(1), Today.AddDays(3) })
            cut.Find($"[data-date='{Iso(date)}']").Click();

        var runs = cut.FindAll("[data-testid=pass-run]");
        Assert.Equal(2, runs.Count);
        Assert.Equal(Iso(Today), runs[0].GetAttribute("data-date-from"));
        Assert.Equal(Iso(Today.AddDays(1)), runs[0].GetAttribute("data-date-to"));
        Assert.Contains("Sun 29 Nov – Mon 30 Nov · 2 days", runs[0].TextContent);
        // 5 diem today at the live $0.475000 ($2.38) and 5 tomorrow at $0.75 ($3.75).
        Assert.Equal("$6.13", runs[0].QuerySelector("[data-testid=pass-run-price]")!.TextContent);
        Assert.Contains("Wed 2 Dec · 1 day", runs[1].TextContent);
        Assert.Equal("$3.75", runs[1].QuerySelector("[data-testid=pass-run-price]")!.TextContent);
        Assert.Equal("$9.88", cut.Find("[data-testid=pass-total]").TextContent);
    }
}
