using CheapTokens.Blazor.Http;
using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Payments.Webhooks;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments.Stripe;

public static class StripeServiceCollectionExtensions
{
    /// <summary>
    /// Card payments with Stripe: binds and validates "Payments:Stripe" (at start-up), registers the
    /// <see cref="IPaymentProcessor"/> on Stripe.net and the webhook's inbox (the stand-in it may be pointed at is
    /// CheapTokens.StandIns', registered by Hosting/StandInsHosting). Needs <c>AddStorePersistence</c>. The webhook applies events through an
    /// <see cref="IPaymentSettlement"/> registered elsewhere (looked up per event). Map the routes with
    /// <c>app.MapStripePayments()</c>.
    /// </summary>
    public static IServiceCollection AddStripePayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StripeOptions>(configuration.GetSection(StripeOptions.SectionName), o => o.Validate())
;
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
        return services;
    }

    /// <summary>The webhook.</summary>
    public static IEndpointRouteBuilder MapStripePayments(this IEndpointRouteBuilder app)
    {
        app.MapStripeWebhook();
        return app;
    }
}
