using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.Stripe;
using CheapTokens.StandIns.Stripe;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Support;

/// <summary>
/// Buyers paying in the page, from client addresses of the test's choice: API requests leave from that loopback address
/// (any 127.x.y.z reaches the store on Linux), and the page's address is set on the circuit's HttpContext.
/// </summary>
public static class UnpaidOrders
{
    /// <summary>The store on the Stripe stand-in (orders without a method wait for the card).</summary>
    public static Task<StoreHost> StartAsync(IDictionary<string, string?>? settings = null, DateTimeOffset? now = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Payments:Processor"] = PaymentsOptions.StripeProcessor,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return StoreHost.StartAsync(all, new FakeTimeProvider(now ?? StoreHost.Afternoon), TestDoubles.RecordPaidOrders);
    }

    /// <param name="from">A loopback address (127.x.y.z) the request is sent from.</param>
    public static async Task<HttpResponseMessage> PostFromAsync(this StoreHost host, string from, string path, object? body, string? idempotencyKey = null)
    {
        var local = IPAddress.Parse(from);
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add(CheckoutService.IdempotencyKeyHeader, idempotencyKey);
        return await http.SendAsync(request);
    }

    public static async Task<Guid> QuoteFromAsync(this StoreHost host, string from, object body)
    {
        using var response = await host.PostFromAsync(from, "/api/quotes", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A quote for <paramref name="quote"/> (credits, or diemPerDay and dates) and an order on it with no method: paid in the page, later.</summary>
    public static async Task<HttpResponseMessage> OrderUnpaidFromAsync(this StoreHost host, string from, string email, object quote) =>
        await host.PostFromAsync(from, "/api/orders", new { quoteId = await host.QuoteFromAsync(from, quote), email }, StoreScenarios.NewKey());

    /// <summary>The page's store as the circuit of a browser at <paramref name="from"/> sees it.</summary>
    public static IStorefront PageFrom(this StoreHost host, IServiceScope scope, string from)
    {
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext =
            new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(from) } };
        return scope.ServiceProvider.GetRequiredService<IStorefront>();
    }

    public static async Task<int> HeldAsync(this StoreHost host, DateOnly date) => await host.Get<SupplyLedger>().HeldOnAsync(date, default);

    public static Task<int> HeldTodayAsync(this StoreHost host) => host.HeldAsync(UtcDay.DateOf(host.Clock.GetUtcNow()));

    /// <summary>The card typed into the page's element, as the browser sends it to the stand-in (publishable key).</summary>
    public static async Task<(int Status, JsonElement Body)> ConfirmInBrowserAsync(this StoreHost host, string clientSecret, string card)
    {
        using var http = host.StandInClient(host.Get<IOptions<StripeOptions>>().Value.PublishableKey);
        return await http.PostFormAsync($"payment_intents/{IntentOf(clientSecret)}/confirm",
        [
            new("client_secret", clientSecret), new("payment_method_data[type]", "card"),
            new("payment_method_data[card][number]", card), new("payment_method_data[card][exp_month]", "12"),
            new("payment_method_data[card][exp_year]", "34"), new("payment_method_data[card][cvc]", "123"),
        ]);
    }

    public static string IntentOf(string clientSecret) => clientSecret[..clientSecret.IndexOf("_secret_", StringComparison.Ordinal)];

    /// <summary>The status of every payment intent at the Stripe stand-in.</summary>
    public static async Task<List<string>> StandInIntentStatusesAsync(this StoreHost host)
    {
        await using var db = await host.OpenStandInsDbAsync();
        return await db.StandInPaymentIntents.Select(i => i.Status).ToListAsync();
    }

    /// <summary>Waits, bounded, until the webhook inbox has applied <paramref name="count"/> events.</summary>
    public static async Task WaitForAppliedEventsAsync(this StoreHost host, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var db = await host.OpenDbAsync())
            {
                if (await db.ReceivedStripeEvents.CountAsync(e => e.ProcessedAt != null) >= count) return;
            }
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>Waits, bounded, until <paramref name="done"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> done, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await done())
        {
            if (deadline.IsCancellationRequested) Assert.Fail($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
