using CheapTokens.Blazor.Venice;
using System.Diagnostics;
using System.Net;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.StandIns.Venice;
using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Telemetry;

/// <summary>One purchase, bought over HTTP and keyed by the simulated Venice, with the app's exports kept in memory.</summary>
public sealed class PurchaseTelemetryFixture : IAsyncLifetime
{
    public TelemetryCapture Capture { get; } = new();

    public StoreHost Host { get; private set; } = default!;

    public string Token { get; private set; } = "";

    public Guid OrderId { get; private set; }

    public string ApiKey { get; private set; } = "";

    public decimal Total { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Venice:Simulator:Enabled"] = "true", ["Logging:LogLevel:CheapTokens"] = "Debug" },
            new FakeTimeProvider(StoreHost.Afternoon),
            Capture.AddTo);
        Token = await Host.BuyCreditsAsync(credits: 3);
        var order = await Host.WaitForOrderStatusAsync(Token, "fulfilled");
        ApiKey = order.GetProperty("apiKey").GetString()!;
        var details = (await Host.Get<OrderQueries>().GetByTokenAsync(Token, default))!;
        OrderId = details.Summary.OrderId;
        Total = order.GetProperty("total").GetDecimal();
        using (var http = Host.CreateClient())
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/orders/{Token}")).StatusCode);
        // The provisioning span ends just after the key is saved: give it its moment before exporting.
        await WaitUntilAsync(() => Capture.Spans.Any(s => s.DisplayName == "provision order" && Tag(s, StoreTracing.OrderIdTag) == OrderId.ToString()));
        Capture.Flush(Host.Services);
    }

    public string AdminKey() => File.ReadAllText(Path.Combine(Host.DataDirectory, VeniceSimulatorAdminKey.FileName)).Trim();

    public static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private async Task WaitUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 100 && !done(); i++)
        {
            Capture.Flush(Host.Services);
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

public class PurchaseTelemetryTests(PurchaseTelemetryFixture purchase) : IClassFixture<PurchaseTelemetryFixture>
{
    private static readonly KeyValuePair<string, object?> Credits = new(StoreMetrics.ProductTag, "credits");

    [Fact]
    public void APurchaseCountsAsPlacedPaidAndFulfilledWithItsRevenue()
    {
        var capture = purchase.Capture;
        // Other tests' stores in this process report on the same meter name: at least this purchase is counted.
        Assert.True(capture.Sum("cheaptokens.orders.placed", Credits) >= 1, "no placed order");
        Assert.True(capture.Sum("cheaptokens.orders.paid", Credits) >= 1, "no paid order");
        Assert.True(capture.Sum("cheaptokens.orders.fulfilled", Credits) >= 1, "no fulfilled order");
        Assert.True(capture.Sum("cheaptokens.orders.revenue", Credits) >= (double)purchase.Total, "no revenue");
        Assert.True(capture.Sum("cheaptokens.provisioning.time_to_key") >= 1, "no time to key");
        Assert.True(capture.Sum("cheaptokens.venice.calls", new(StoreMetrics.OperationTag, "create key")) >= 1, "no Venice call");
    }

    [Fact]
    public void TheConsolesReadoutCountedThePurchaseFromStartUp()
    {
        // This host's own meter only: exactly its one order, read by a listener that was there before the purchase.
        var vitals = purchase.Host.Get<StoreReadout>().Read();

        Assert.Equal((1L, purchase.Total), (vitals.OrdersPaid, vitals.Revenue));
        Assert.NotNull(vitals.LastTimeToKeySeconds);
    }

    [Fact]
    public void APurchaseIsOneTraceFromTheRequestThroughPaymentProvisioningAndVenice()
    {
        var spans = purchase.Capture.Spans;
        var orderId = purchase.OrderId.ToString();
        var placed = Assert.Single(spans, s => s.DisplayName == "place order" && PurchaseTelemetryFixture.Tag(s, StoreTracing.OrderIdTag) == orderId);
        var trace = spans.Where(s => s.TraceId == placed.TraceId).ToList();

        var request = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/orders");
        Assert.Equal(request.SpanId, placed.ParentSpanId);
        var charge = Assert.Single(trace, s => s.DisplayName == "payment charge");
        var provision = Assert.Single(trace, s => s.DisplayName == "provision order");
        var mint = Assert.Single(trace, s => s.DisplayName == "venice create key");
        Assert.Equal(orderId, PurchaseTelemetryFixture.Tag(mint, StoreTracing.OrderIdTag));
        // Venice's HTTP call is the mint's child, and the simulated Venice answers inside the same trace.
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.ParentSpanId == mint.SpanId);
        Assert.True(provision.StartTimeUtc >= charge.StartTimeUtc);
        Assert.True(IsDescendant(mint, provision, trace), "the Venice call is not under the provisioning span");
    }

    [Fact]
    public void NothingSecretOfAPurchaseIsInAnyExportedSpanMetricOrLog()
    {
        var texts = purchase.Capture.ExportedTexts().ToList();
        Assert.Contains(texts, t => t.Contains(purchase.OrderId.ToString(), StringComparison.Ordinal)); // the capture did see the order
        Assert.Contains(texts, t => t.Contains("paid", StringComparison.Ordinal)); // and its logs
        foreach (var secret in new[] { purchase.Token, purchase.ApiKey, purchase.AdminKey(), "bot@example.com" })
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
    }

    private static bool IsDescendant(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
            if (current.ParentSpanId == ancestor.SpanId) return true;
        return false;
    }
}
