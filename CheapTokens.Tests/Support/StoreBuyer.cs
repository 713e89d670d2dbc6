using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Passes;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Support;

/// <summary>Buys over the store's HTTP API, as a program would.</summary>
public static class StoreBuyer
{
    public static Task<string> BuyCreditsAsync(this StoreHost host, int credits, string paymentMethod = "sandbox_ok") =>
        host.BuyAsync(new { credits }, paymentMethod);

    public static Task<string> BuyPassAsync(this StoreHost host, int diemPerDay, params DateOnly[] dates) =>
        host.BuyPassAsync(diemPerDay, "sandbox_ok", dates);

    public static Task<string> BuyPassAsync(this StoreHost host, int diemPerDay, string paymentMethod, params DateOnly[] dates) =>
        host.BuyAsync(new { diemPerDay, dates = dates.Select(PassInputRules.Format) }, paymentMethod);

    private static async Task<string> BuyAsync(this StoreHost host, object quoteRequest, string paymentMethod)
    {
        using var http = host.CreateClient();
        var quote = await (await http.PostAsJsonAsync("/api/quotes", quoteRequest)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { quoteId = quote.GetProperty("id").GetGuid(), email = "bot@example.com", paymentMethod }),
        };
        request.Headers.Add(CheckoutService.IdempotencyKeyHeader, Guid.NewGuid().ToString("N"));
        var placed = await (await http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return placed.GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> GetOrderAsync(this StoreHost host, string token)
    {
        using var http = host.CreateClient();
        return await http.GetFromJsonAsync<JsonElement>($"/api/orders/{token}");
    }

    public static Task<JsonElement> WaitForOrderStatusAsync(this StoreHost host, string token, string status, TimeSpan? timeout = null) =>
        host.WaitForOrderAsync(token, o => o.GetProperty("status").GetString() == status, $"status '{status}'", timeout);

    /// <summary>
    /// Waits (woken by the store's order updates, bounded) until the order satisfies <paramref name="done"/>. On a fake
    /// clock it moves the clock a little each round, so work waiting on it (pacing, backoff, retry delays) goes on.
    /// </summary>
    public static async Task<JsonElement> WaitForOrderAsync(this StoreHost host, string token, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null)
    {
        var changed = new SemaphoreSlim(0);
        // Updates are keyed by order id (the store keeps only the token's hash).
        var orderId = (await host.Services.GetRequiredService<OrderQueries>().GetByTokenAsync(token, default))?.Summary.OrderId
                      ?? throw new InvalidOperationException("No order has this token.");
        using var subscription = host.Services.GetRequiredService<OrderUpdates>().Subscribe(orderId, () =>
        {
            changed.Release();
            return Task.CompletedTask;
        });
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var order = await host.GetOrderAsync(token);
            if (done(order)) return order;
            try
            {
                // Also re-check now and then, in case the change landed before the subscription did.
                await changed.WaitAsync(TimeSpan.FromMilliseconds(host.FakeClock is null ? 500 : 20), deadline.Token);
                host.FakeClock?.Advance(TimeSpan.FromMilliseconds(250));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Order never reached {what}: {order}");
            }
        }
    }
}
