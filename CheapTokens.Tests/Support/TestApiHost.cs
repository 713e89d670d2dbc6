using System.Net.Http.Json;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Support;

/// <summary>
/// A minimal web app with the store's services and <see cref="StoreApi"/> on a real socket
/// (http://127.0.0.1:0), a hand-driven clock and a recording provisioning queue.
/// </summary>
public sealed class TestApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApiHost(WebApplication app, string folder, TestClock clock)
    {
        _app = app;
        Folder = folder;
        Clock = clock;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public string Folder { get; }

    public TestClock Clock { get; }

    public HttpClient Client { get; }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    public static async Task<TestApiHost> StartAsync(int dailySupply = 100)
    {
        var folder = TestStore.NewFolder();
        var clock = new TestClock(TestStore.Afternoon);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        TestStore.AddStoreServices(builder.Services, folder, clock, dailySupply, maxCreditsPerOrder: 1000);
        var app = builder.Build();
        app.MapStoreApi();
        await app.StartAsync(); // runs the migration hosted service first
        return new TestApiHost(app, folder, clock);
    }

    public async Task<Guid> QuoteAsync(int credits = 1)
    {
        var response = await Client.PostAsJsonAsync("/api/quotes", new { credits });
        response.EnsureSuccessStatusCode();
        var quote = await response.Content.ReadFromJsonAsync<QuoteResponse>();
        return quote!.Id;
    }

    public Task<HttpResponseMessage> PlaceAsync(object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation(StoreApi.IdempotencyKeyHeader, idempotencyKey);
        return Client.SendAsync(request);
    }

    public async Task<(int Quotes, int Orders, int Payments)> CountRowsAsync()
    {
        await using var db = await Get<IDbContextFactory<StoreDbContext>>().CreateDbContextAsync();
        return (await db.Quotes.CountAsync(), await db.Orders.CountAsync(), await db.Payments.CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        TestStore.DeleteFolder(Folder);
    }
}
