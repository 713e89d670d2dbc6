using CheapTokens.Blazor.Orders;
using Bunit;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Components.Layout;
using CheapTokens.Blazor.Components.Orders;
using CheapTokens.Blazor.LivePrices;
using CheapTokens.Blazor.Pricing;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Passes;
using CheapTokens.Core.Pricing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace CheapTokens.Tests.Components;

/// <summary>
/// bunit with MudBlazor: loose JS interop, MudBlazor's services, the app's clock as a <see cref="FakeTimeProvider"/>,
/// a real in-process price feed, and the UI-facing seams the components reach the back end through: small fakes of the
/// store and of buyers' keys, and the settings records the pages read; no back-end options or stores. MudBlazor
/// registers services that are only asynchronously disposable: xunit disposes each test class asynchronously, so they are.
/// </summary>
public abstract class ComponentTestContext : BunitContext
{
    /// <summary>14:00 UTC: a day in progress, ten hours to midnight.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    protected ComponentTestContext()
    {
        Clock = new FakeTimeProvider(Start);
        Store = new FakeStorefront(Clock);
        Keys = new FakeBuyerKeys();
        // One fan-out lane: subscribers are handed a snapshot in the order they subscribed, so a test's own subscriber,
        // added after the page's, knows the page was handed it first.
        Feed = new PriceFeed(NullLogger<PriceFeed>.Instance, fanOutLanes: 1);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<IStorefront>(Store);
        Services.AddSingleton<IBuyerKeys>(Keys);
        Services.AddSingleton(new StorefrontSettings(MaxCreditsPerOrder: 1000, QuoteHold: TimeSpan.FromSeconds(60)));
        Services.AddSingleton(Diem);
        Services.AddSingleton(new CardFormSettings("pk_test_fake", UsesStandIn: true, StandInApiBase: "/stripe-sim"));
        Services.AddSingleton(StoreBanner.Of(CheapTokens.Blazor.Installation.StoreMode.Demo));
        // Keys from Venice itself unless a test says otherwise (SimulatedKeys).
        Services.AddSingleton(KeyEndpoint.Live);
        Services.AddTransient<CheckoutState>();
        Services.AddSingleton(Feed);
        Services.AddSingleton(Curve);
        // The same curve as the pricing in force.
        Services.AddSingleton(new LivePricing(
            new PricingSettings(1m, [new CurvePointOptions { At = "00:00", DiscountPercent = 0m }, new CurvePointOptions { At = "24:00", DiscountPercent = 90m }], 10_000, 25m, 30),
            new PassOptions()));
        Services.AddSingleton(new OrderUpdates(NullLogger<OrderUpdates>.Instance));
    }

    protected FakeTimeProvider Clock { get; }

    protected FakeStorefront Store { get; }

    protected FakeBuyerKeys Keys { get; }

    /// <summary>The install sells keys of its own simulated Venice, as a demo does.</summary>
    protected void SimulatedKeys() => Services.AddSingleton(new KeyEndpoint(true, KeyEndpoint.Live.VeniceBaseUrl));

    protected PriceFeed Feed { get; }

    /// <summary>What a credit buys, as appsettings.json has it.</summary>
    protected static DiemSettings Diem { get; } = new(UsdPerDiem: 1m, ExampleCredits: 25, ExampleModel: "llama-3.3-70b",
        InputUsdPerMillionTokens: 0.70m, OutputUsdPerMillionTokens: 2.80m);

    /// <summary>From $1.00 at 00:00 down to 10 cents at 24:00, so every second has its own price.</summary>
    protected PriceCurve Curve { get; } = new(1m, [new CurvePoint(TimeSpan.Zero, 0m), new CurvePoint(TimeSpan.FromDays(1), 90m)]);

    /// <summary>The board at the fake clock's now.</summary>
    protected PriceSnapshot Board(int supply = 10_000, int sold = 0) => PriceSnapshot.Compute(Curve, new SupplySnapshot(supply, supply - sold), Clock.GetUtcNow());

    /// <summary>The card form's script module, answering each confirmation with <paramref name="confirmation"/>.</summary>
    protected BunitJSModuleInterop CardForm(StripePaymentResult confirmation)
    {
        var module = JSInterop.SetupModule("./" + StripePaymentElement.ModulePath);
        module.SetupVoid("mount", _ => true).SetVoidResult();
        module.SetupVoid("unmount", _ => true).SetVoidResult();
        module.Setup<StripePaymentResult>("confirm", _ => true).SetResult(confirmation);
        return module;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Feed.Dispose();
    }
}
