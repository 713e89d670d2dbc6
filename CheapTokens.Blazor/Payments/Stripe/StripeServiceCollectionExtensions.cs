using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Payments.StripeStandIn;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments.Stripe;

public static class StripeServiceCollectionExtensions
{
    /// <summary>
    /// Card payments with Stripe: binds and validates "Payments:Stripe" (at start-up), registers the
    /// <see cref="IPaymentProcessor"/> on Stripe.net, the webhook's inbox and, when enabled, the stand-in with its
    /// webhook sender. Needs <c>AddStorePersistence</c>. The webhook applies events through an
    /// <see cref="IPaymentSettlement"/> registered elsewhere (looked up per event). Map the routes with
    /// <c>app.MapStripePayments()</c>.
    /// </summary>
    public static IServiceCollection AddStripePayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StripeOptions>(configuration.GetSection(StripeOptions.SectionName), o => o.Validate())
            .PostConfigure<IServiceProvider>(UseStandInKeys);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AppAddress>();

        services.AddTransient<RetryTooManyRequestsHandler>();
        services.AddHttpClient(StripeClientSource.HttpClientName, (provider, http) =>
                http.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<StripeOptions>>().Value.TimeoutSeconds))
            // The client lives as long as the app: recycle its connections instead of the handler.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<RetryTooManyRequestsHandler>();
        services.AddSingleton<StripeClientSource>();
        services.AddSingleton<StripePaymentProcessor>();
        // The store charges through it when Payments:Processor is "Stripe" (see AddPayments).

        services.AddSingleton<StripeWebhookInboxSignal>();
        services.AddHostedService<StripeWebhookInbox>();

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StripeOptions>>().Value is { UsesStandIn: true } stripe
            ? new StripeStandInKeys(stripe.SecretKey, stripe.PublishableKey, stripe.WebhookSecret)
            : StripeStandInKeys.LoadOrCreate(sp.GetRequiredService<StoragePaths>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<StripeStandInKeys>()));
        services.AddSingleton<StripeStandInFaults>();
        services.AddSingleton<StripeStandInOutboxSignal>();
        services.AddSingleton<StripeStandInAccount>();
        services.AddHttpClient(StripeStandInWebhookSender.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<StripeStandInWebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<StripeStandInWebhookSender>());
        return services;
    }

    /// <summary>The webhook, and the stand-in's routes when it is enabled and real Stripe is not configured.</summary>
    public static IEndpointRouteBuilder MapStripePayments(this IEndpointRouteBuilder app)
    {
        app.MapStripeWebhook();
        // With real Stripe nothing calls the stand-in: serving it anyway would only offer its test cards to the world.
        if (app.ServiceProvider.GetRequiredService<IOptions<StripeOptions>>().Value.UsesStandIn) app.MapStripeStandIn();
        return app;
    }

    /// <summary>
    /// The one place the keys are settled: configured keys win; with the stand-in in use, any key left empty is the
    /// stand-in's own, generated into the data folder on first run.
    /// </summary>
    private static void UseStandInKeys(StripeOptions options, IServiceProvider services)
    {
        if (!options.UsesStandIn || !options.StandIn.Enabled) return;
        if (!string.IsNullOrWhiteSpace(options.SecretKey) && !string.IsNullOrWhiteSpace(options.PublishableKey)
            && !string.IsNullOrWhiteSpace(options.WebhookSecret)) return;
        var paths = services.GetService<StoragePaths>()
                    ?? throw new InvalidOperationException("The Stripe stand-in keeps its keys in the data folder: register AddStorePersistence.");
        var generated = StripeStandInKeys.LoadOrCreate(paths, services.GetRequiredService<ILoggerFactory>().CreateLogger<StripeStandInKeys>());
        if (string.IsNullOrWhiteSpace(options.SecretKey)) options.SecretKey = generated.SecretKey;
        if (string.IsNullOrWhiteSpace(options.PublishableKey)) options.PublishableKey = generated.PublishableKey;
        if (string.IsNullOrWhiteSpace(options.WebhookSecret)) options.WebhookSecret = generated.WebhookSecret;
    }
}
