using CheapTokens.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class PassPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task APassForTodayAndTheDayAfterTomorrowShowsTodaysKeyAndSchedulesTheOther()
    {
        await using var host = await StoreHost.StartAsync(clock: new MiddayClock());
        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("[data-testid=buy-pass][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        var pass = page.GetByTestId("buy-pass");
        // The form opens on demand, and a keyboard user lands in its first field.
        await Expect(pass.GetByTestId("pass-calendar")).ToHaveCountAsync(0);
        await pass.GetByTestId("pass-choose-dates").ClickAsync();
        await Expect(pass.GetByTestId("pass-diem-input")).ToBeFocusedAsync();
        var days = pass.GetByTestId("pass-calendar").Locator("button[data-date]");
        await Expect(days).ToHaveCountAsync(30);
        var today = (await days.Nth(0).GetAttributeAsync("data-date"))!;
        var dayAfterTomorrow = (await days.Nth(2).GetAttributeAsync("data-date"))!;

        await pass.GetByTestId("pass-diem-input").FillAsync("4");
        await days.Nth(0).ClickAsync();
        await days.Nth(2).ClickAsync();
        await Expect(pass.GetByTestId("pass-total")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\$[\d,]+\.\d{2}$"));

        await pass.GetByTestId("pass-lock-price").ClickAsync();
        await Expect(pass.GetByTestId("quote-dates").Locator("tr")).ToHaveCountAsync(2);
        await pass.GetByTestId("email-input").FillAsync("pass@example.com");
        await pass.GetByTestId("payment-method").Locator("[data-method=sandbox_ok]").ClickAsync();
        await pass.GetByTestId("pay").ClickAsync();

        var todaysRun = pass.Locator($"[data-testid=run-key][data-date-from='{today}'][data-date-to='{today}']");
        var laterRun = pass.Locator($"[data-testid=run-key][data-date-from='{dayAfterTomorrow}'][data-date-to='{dayAfterTomorrow}']");
        await Expect(todaysRun.GetByTestId("api-key")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(todaysRun.GetByTestId("key-limit")).ToHaveTextAsync("4 diem per UTC day");
        await Expect(laterRun.GetByTestId("run-scheduled")).ToContainTextAsync("Issued at 00:00 UTC");
        await Expect(laterRun.GetByTestId("api-key")).ToHaveCountAsync(0);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }

    [Fact]
    public async Task ASoldOutDateCannotBePicked()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Pricing:DailySupply"] = "6" }, clock: new MiddayClock());
        using var http = host.CreateClient();
        var dates = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, "/api/passes/dates");
        var tomorrow = dates[1].GetProperty("date").GetString()!;
        await host.BuyPassAsync(6, DateOnly.Parse(tomorrow, System.Globalization.CultureInfo.InvariantCulture));

        var (page, errors) = await browser.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await Expect(page.Locator("[data-testid=buy-pass][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await page.GetByTestId("pass-choose-dates").ClickAsync();
        var calendar = page.GetByTestId("pass-calendar");
        await Expect(calendar.Locator($"button[data-date='{tomorrow}']")).ToBeDisabledAsync();
        await Expect(calendar.Locator("button[data-date]").Nth(0)).ToBeEnabledAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await page.CloseAsync();
    }
}
