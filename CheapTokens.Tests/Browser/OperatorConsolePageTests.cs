using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CheapTokens.Tests.Browser;

/// <summary>The operator console in Chromium, against the real app on a midday clock (stand-in Venice and sandbox payments).</summary>
[Collection(BrowserCollection.Name)]
public partial class OperatorConsolePageTests(BrowserFixture browser)
{
    private const string Email = "ops@example.com";
    private const string NewPassword = "A-much-better-passw0rd";
    private const int TickMilliseconds = 1000;

    /// <summary>An operator added by the real command, then the store on the same data folder.</summary>
    private static async Task<(StoreHost Host, string Password)> StartAsync(Action<IServiceCollection>? services = null)
    {
        var dataDirectory = StoreHost.NewDataDirectory();
        var output = new StringWriter();
        Assert.Equal(0, await OperatorCommand.RunAsync(["operator", "add", Email, $"--Storage:DataDirectory={dataDirectory}"], output));
        var password = OneTimePassword().Match(output.ToString()).Groups[1].Value;
        var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["LivePrices:TickIntervalMilliseconds"] = TickMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            clock: new MiddayClock(), services: services, dataDirectory: dataDirectory);
        return (host, password);
    }

    private static async Task SignInAsync(IPage page, StoreHost host, string password)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin/sign-in").ToString());
        await page.GetByTestId("operator-email").FillAsync(Email);
        await page.GetByTestId("operator-password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();
    }

    /// <summary>Signs in with the one-time password and replaces it: the console's dashboard is then open.</summary>
    private static async Task SignInFirstTimeAsync(IPage page, StoreHost host, string password)
    {
        await SignInAsync(page, host, password);
        await Expect(page).ToHaveURLAsync(new Regex("/admin/change-password$"));
        await page.GetByTestId("current-password").FillAsync(password);
        await page.GetByTestId("new-password").FillAsync(NewPassword);
        await page.GetByTestId("change-password").ClickAsync();
        await Expect(page.GetByTestId("operator-name")).ToHaveTextAsync(Email);
    }

    private static async Task OpenAsync(IPage page, StoreHost host, string path)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        await Expect(page.Locator("[data-testid=admin-nav][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    private static async Task ConfirmAsync(IPage page, string action)
    {
        await page.GetByTestId(action + "-ask").ClickAsync();
        await page.GetByTestId(action + "-confirm").ClickAsync();
    }

    private static async Task<string> AuditAsync(IPage page, StoreHost host)
    {
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin/audit").ToString());
        return await page.GetByTestId("audit-log").InnerTextAsync();
    }

    [Fact]
    public async Task SignInSignOutAndLockoutAfterFiveFailures()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var (page, errors) = await browser.NewPageAsync();

        await SignInFirstTimeAsync(page, host, password);
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"));
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin").ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"));

        for (var i = 0; i < 4; i++)
        {
            await SignInAsync(page, host, "not-the-password");
            await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync("Wrong email or password.");
        }
        await SignInAsync(page, host, "not-the-password");
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("locked for 15 minutes");
        await SignInAsync(page, host, NewPassword);
        await Expect(page.GetByTestId("sign-in-error")).ToContainTextAsync("locked for 15 minutes");
        await page.GotoAsync(new Uri(host.BaseAddress, "/admin").ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/admin/sign-in"));

        // The wrong passwords answered 200 with the form again; nothing else went wrong on the pages.
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task APriceChangeInTheConsoleMovesThePriceOnAnOpenStorefrontWithinTwoTicks()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var (console, consoleErrors) = await browser.NewPageAsync();
        var (store, storeErrors) = await browser.NewPageAsync();
        await SignInFirstTimeAsync(console, host, password);
        await store.GotoAsync(host.BaseAddress.ToString());
        await Expect(store.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(store.GetByTestId("live-price")).Not.ToHaveTextAsync("$1.000000");

        await OpenAsync(console, host, "/admin/pricing");
        await console.GetByTestId("list-price").FillAsync("2");
        await console.GetByTestId("curve").FillAsync("00:00 50\n24:00 50");
        await Expect(console.GetByTestId("preview-price-now")).ToContainTextAsync("Preview: $1.000000 per credit now");
        await ConfirmAsync(console, "save-pricing");
        await Expect(console.GetByTestId("pricing-saved")).ToContainTextAsync("is in force");

        await Expect(store.GetByTestId("live-price")).ToHaveTextAsync("$1.000000", new() { Timeout = 2 * TickMilliseconds });
        using var http = host.CreateClient();
        var quote = await (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(1m, quote.GetProperty("unitPrice").GetDecimal());
        Assert.Contains("pricing version 1", await AuditAsync(console, host));
        Assert.True(consoleErrors.Count + storeErrors.Count == 0, string.Join("\n", consoleErrors.Concat(storeErrors)));
    }

    [Fact]
    public async Task PausingStopsTheStorefrontAndTheApiAndResumingSellsAgain()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var (console, _) = await browser.NewPageAsync();
        var (store, storeErrors) = await browser.NewPageAsync();
        await SignInFirstTimeAsync(console, host, password);
        await store.GotoAsync(host.BaseAddress.ToString());
        await Expect(store.Locator("[data-testid=buy-credits][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        using var http = host.CreateClient();

        await OpenAsync(console, host, "/admin");
        await console.GetByTestId("pause-reason").FillAsync("Venice maintenance until 13:00 UTC.");
        await ConfirmAsync(console, "pause-sales");
        await Expect(console.GetByTestId("sales-state")).ToHaveTextAsync("Sales are paused: Venice maintenance until 13:00 UTC.");

        await Expect(store.GetByTestId("sales-paused")).ToContainTextAsync("Venice maintenance until 13:00 UTC.");
        await Expect(store.GetByTestId("lock-price")).ToBeDisabledAsync();
        var refused = await http.PostAsJsonAsync("/api/quotes", new { credits = 1 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("sales_paused", await refused.Content.ReadAsStringAsync());

        await ConfirmAsync(console, "resume-sales");
        await Expect(console.GetByTestId("sales-state")).ToHaveTextAsync("Selling.");
        await Expect(store.GetByTestId("sales-paused")).ToHaveCountAsync(0);
        await Expect(store.GetByTestId("lock-price")).ToBeEnabledAsync();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/quotes", new { credits = 1 })).StatusCode);
        var audit = await AuditAsync(console, host);
        Assert.Contains("pause sales", audit);
        Assert.Contains("resume sales", audit);
        // The refused quote shows only in the API's answer, never as an error on the page.
        Assert.True(storeErrors.Count == 0, string.Join("\n", storeErrors));
    }

    [Fact]
    public async Task RetryProvisioningAndRefundAPaidOrderThatHasNoKeyEachAudited()
    {
        // Paid orders wait here: nothing provisions them, as when the worker is stuck.
        var (host, password) = await StartAsync(TestDoubles.RecordPaidOrders);
        await using var _ = host;
        var order = await host.PaidOrderAsync(credits: 2);
        var (page, errors) = await browser.NewPageAsync();
        await SignInFirstTimeAsync(page, host, password);

        await OpenAsync(page, host, "/admin/orders");
        await page.GetByTestId("search-text").FillAsync(StoreScenarios.Email);
        await page.GetByTestId("search").ClickAsync();
        await Expect(page.GetByTestId("order-row")).ToHaveCountAsync(1);
        await page.GetByTestId("order-row").GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("[data-testid=admin-nav][data-interactive=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Paid");

        await ConfirmAsync(page, "retry-provisioning");
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Handed to provisioning: the worker mints its key next.");
        Assert.Equal([order.Id, order.Id], host.Provisioning().Orders);

        await ConfirmAsync(page, "refund");
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Refunded.");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Refunded");
        await Expect(page.GetByTestId("refund-ask")).ToBeDisabledAsync();
        Assert.Single(await host.SandboxRefundsAsync());
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync($"{Email}: refund · order {order.Id}");

        var audit = await AuditAsync(page, host);
        Assert.Contains($"retry provisioning · order {order.Id}", audit);
        Assert.Contains($"refund · order {order.Id}", audit);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task RevokingAnOrdersKeyStopsItOnVeniceAndIsAudited()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var token = await host.BuyCreditsAsync(3);
        var fulfilled = await host.WaitForOrderStatusAsync(token, "fulfilled");
        var apiKey = fulfilled.GetProperty("apiKey").GetString()!;
        var order = await host.OrderByTokenAsync(token);
        var (page, errors) = await browser.NewPageAsync();
        await SignInFirstTimeAsync(page, host, password);

        await OpenAsync(page, host, "/admin/orders");
        await page.GetByTestId("search-text").FillAsync(apiKey[^6..]);
        await page.GetByTestId("search").ClickAsync();
        await Expect(page.GetByTestId("order-row")).ToHaveAttributeAsync("data-order-id", order.Id.ToString());

        await OpenAsync(page, host, $"/admin/orders/{order.Id}");
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("Minted");
        var veniceCalls = page.Locator("[data-testid=timeline-event][data-kind='venice call']");
        await Expect(veniceCalls).ToHaveCountAsync(1);
        await Expect(veniceCalls).ToContainTextAsync("create key → HTTP 200 ok (attempt 1,");
        await ConfirmAsync(page, "revoke-key");
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Key revoked on Venice.");
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("Revoked");
        await Expect(veniceCalls).ToHaveCountAsync(2);
        await Expect(veniceCalls.Nth(1)).ToContainTextAsync("revoke key → HTTP 200 ok (attempt 1,");
        await Expect(page.GetByTestId("revoke-key-ask")).ToBeDisabledAsync();
        Assert.DoesNotContain(apiKey, await page.ContentAsync());
        Assert.Null(await host.Get<CheapTokens.Core.Venice.IVeniceKeyClient>().GetKeyAsync(fulfilled.GetProperty("veniceKeyId").GetString()!, default));

        Assert.Contains($"revoke key · order {order.Id}", await AuditAsync(page, host));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task RefundingAFulfilledOrderRevokesItsKeyThenRefundsAndIsAudited()
    {
        var (host, password) = await StartAsync();
        await using var _ = host;
        var token = await host.BuyCreditsAsync(3);
        var fulfilled = await host.WaitForOrderStatusAsync(token, "fulfilled");
        var veniceKeyId = fulfilled.GetProperty("veniceKeyId").GetString()!;
        var order = await host.OrderByTokenAsync(token);
        var (page, errors) = await browser.NewPageAsync();
        await SignInFirstTimeAsync(page, host, password);

        await OpenAsync(page, host, $"/admin/orders/{order.Id}");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Fulfilled");
        await page.GetByTestId("refund-ask").ClickAsync();
        await Expect(page.GetByTestId("refund")).ToContainTextAsync("Revoke this order's key on Venice (it stops working at once), then give");
        await page.GetByTestId("refund-confirm").ClickAsync();
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Refunded.");
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("Refunded");
        await Expect(page.GetByTestId("key-state")).ToHaveTextAsync("Revoked");
        await Expect(page.GetByTestId("refund-ask")).ToBeDisabledAsync();
        Assert.Null(await host.Get<CheapTokens.Core.Venice.IVeniceKeyClient>().GetKeyAsync(veniceKeyId, default));
        Assert.Single(await host.SandboxRefundsAsync());

        Assert.Contains($"refund · order {order.Id}", await AuditAsync(page, host));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ResendingTheReceiptSendsOneNewLinkPerConfirmationAndRetiringStopsTheEarlierLinks()
    {
        var (host, password) = await StartAsync(TestDoubles.RecordPaidOrders);
        await using var _ = host;
        var order = await host.PaidOrderAsync(credits: 2);
        var mailed = host.Get<RecordingReceiptSender>();
        var sentBefore = mailed.Sent.Count;
        var (page, errors) = await browser.NewPageAsync();
        await SignInFirstTimeAsync(page, host, password);
        using var http = host.CreateClient();
        async Task<HttpStatusCode> OpensAsync(string token) => (await http.GetAsync($"/api/orders/{token}")).StatusCode;
        static string TokenOf(CheapTokens.Core.Orders.OrderReceipt receipt) => receipt.OrderPath["/orders/".Length..];

        await OpenAsync(page, host, $"/admin/orders/{order.Id}");
        await page.GetByTestId("resend-receipt-ask").ClickAsync();
        await Expect(page.GetByTestId("resend-receipt")).ToContainTextAsync("The earlier links keep working.");
        // A double click on the confirm button is one resend.
        await page.GetByTestId("resend-receipt-confirm").DblClickAsync();
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Receipt sent to b***@example.com with a new link; earlier links still work.");
        var first = TokenOf(Assert.Single(mailed.Sent.Skip(sentBefore)));
        Assert.Equal(HttpStatusCode.OK, await OpensAsync(first));
        Assert.Equal(HttpStatusCode.OK, await OpensAsync(order.Token!));

        // A leaked link: send again and retire every earlier one.
        await page.GetByText("Retire the earlier links").ClickAsync();
        await page.GetByTestId("resend-receipt-ask").ClickAsync();
        await Expect(page.GetByTestId("resend-receipt")).ToContainTextAsync("The earlier links stop opening it.");
        await page.GetByTestId("resend-receipt-confirm").ClickAsync();
        await Expect(page.GetByTestId("action-result")).ToHaveTextAsync("Receipt sent to b***@example.com with a new link; the earlier links no longer open the order.");
        Assert.Equal(2, mailed.Sent.Count - sentBefore);
        var newest = TokenOf(mailed.Sent[^1]);
        Assert.Equal(HttpStatusCode.OK, await OpensAsync(newest));
        Assert.Equal(HttpStatusCode.NotFound, await OpensAsync(first));
        Assert.Equal(HttpStatusCode.NotFound, await OpensAsync(order.Token!));
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync($"{Email}: resend receipt · order {order.Id}");

        var audit = await AuditAsync(page, host);
        Assert.Equal(2, Regex.Matches(audit, Regex.Escape($"resend receipt · order {order.Id}")).Count);
        Assert.DoesNotContain(first, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(newest, audit, StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [GeneratedRegex(@"One-time password: (\S+)")]
    private static partial Regex OneTimePassword();
}
