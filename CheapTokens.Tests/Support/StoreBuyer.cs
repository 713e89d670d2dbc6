using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Provisioning;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Support;

/// <summary>Buys over the store's HTTP API, as a program would.</summary>
public static class StoreBuyer
{
    public static async Task<string> BuyCreditsAsync(this StoreHost host, int credits, string paymentMethod = "sandbox_ok")
    {
        using var http = host.CreateClient();
        var quote = await (await http.PostAsJsonAsync("/api/quotes", new { credits })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { quoteId = quote.GetProperty("id").GetGuid(), email = "bot@example.com", paymentMethod }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var placed = await (await http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        return placed.GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> GetOrderAsync(this StoreHost host, string token)
    {
        using var http = host.CreateClient();
        return await http.GetFromJsonAsync<JsonElement>($"/api/orders/{token}");
    }

    /// <summary>Waits (woken by the store's order updates, bounded) until the order reaches <paramref name="status"/>.</summary>
    public static async Task<JsonElement> WaitForOrderStatusAsync(this StoreHost host, string token, string status, TimeSpan? timeout = null)
    {
        var changed = new SemaphoreSlim(0);
        using var subscription = host.Services.GetRequiredService<OrderUpdates>().Subscribe(token, () =>
        {
            changed.Release();
            return Task.CompletedTask;
        });
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var order = await host.GetOrderAsync(token);
            if (order.GetProperty("status").GetString() == status) return order;
            try
            {
                // Also re-check now and then, in case the change landed before the subscription did.
                await changed.WaitAsync(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Order stayed '{order.GetProperty("status").GetString()}', expected '{status}'.");
            }
        }
    }
}
