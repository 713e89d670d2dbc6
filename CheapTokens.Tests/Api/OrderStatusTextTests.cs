using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Core.Time;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Api;

/// <summary>The API keeps its status codes for programs and says each in the words the store's pages use.</summary>
public class OrderStatusTextTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    [Fact]
    public async Task AFulfilledOrderReadsReadyBesideItsStatusCode()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));

        var token = await host.BuyCreditsAsync(3);
        var order = await host.WaitForOrderStatusAsync(token, "fulfilled");

        Assert.Equal("Ready", order.GetProperty("statusText").GetString());
        Assert.Equal("Ready", order.GetProperty("runs")[0].GetProperty("statusText").GetString());
    }

    [Fact]
    public async Task PlacingAnOrderAnswersItsStatusInWordsToo()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        using var http = host.CreateClient();
        var quote = await (await http.PostAsJsonAsync("/api/quotes", new { credits = 2 })).Content.ReadFromJsonAsync<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { quoteId = quote.GetProperty("id").GetGuid(), email = "bot@example.com", paymentMethod = "sandbox_ok" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));

        var placed = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(("paid", "Paid"), (placed.GetProperty("status").GetString(), placed.GetProperty("statusText").GetString()));
    }

    [Fact]
    public async Task APassWhoseFirstKeyIsOutIsPartlyReadyInTheApiAndOnItsPage()
    {
        await using var host = await StoreHost.StartAsync(clock: new FakeTimeProvider(UtcDay.StartOf(Today).AddHours(12)));

        var token = await host.BuyPassAsync(2, Today, Today.AddDays(2));
        var order = await host.WaitForOrderAsync(token,
            o => o.GetProperty("runs")[0].GetProperty("status").GetString() == "minted", "its first run minted");
        using var http = host.CreateClient();
        var page = WebUtility.HtmlDecode(await http.GetStringAsync($"/orders/{token}"));

        Assert.Equal(("provisioning", "Partly ready"), (order.GetProperty("status").GetString(), order.GetProperty("statusText").GetString()));
        Assert.Equal(["Ready", "Scheduled"], order.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("statusText").GetString()).ToArray());
        Assert.Matches("data-testid=\"order-stage\"[^>]*>.*?<span class=\"status-word\">Partly ready</span>", page);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(page, "data-testid=\"run-stage\"").Count);
    }
}
