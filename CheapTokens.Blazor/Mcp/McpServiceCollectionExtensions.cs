using CheapTokens.Blazor.Security;
using ModelContextProtocol.AspNetCore;

namespace CheapTokens.Blazor.Mcp;

/// <summary>
/// An MCP server at /mcp for agents: the live price and supply, quotes, the x402 requirement for a quote, an order by
/// its token, and the guides. Streamable HTTP without sessions, so any node answers any request with no sticky front.
/// </summary>
public static class McpServiceCollectionExtensions
{
    public const string Path = "/mcp";

    private const string Instructions =
        "CheapTokens sells Venice.ai API keys whose credits lapse at the next 00:00 UTC; the price per credit falls through the UTC day. " +
        "To buy: get_price (and get_price_curve, get_supply) to decide; quote_credits or quote_pass to lock a price; " +
        "get_payment_requirement for the x402 USDC requirement and the request to send; pay that request over HTTP with your wallet " +
        "(x402-fetch does it); then get_order with the order's token until its status is fulfilled and it holds the key. " +
        "The resource " + StoreDocsResources.AgentsUri + " explains the whole flow.";

    public static IServiceCollection AddMcpForAgents(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<McpCaller>();
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new() { Name = "cheaptokens", Title = "CheapTokens", Version = "1.0.0" };
                options.ServerInstructions = Instructions;
            })
            .WithHttpTransport(transport => transport.SessionMode = HttpServerSessionMode.Stateless)
            .WithTools<PriceTools>()
            .WithTools<QuoteTools>()
            .WithTools<OrderTools>()
            .WithResources<StoreDocsResources>()
            .WithRequestFilters(filters => filters.AddCallToolFilter(ToolArgumentCheck.Filter));
        return services;
    }

    /// <summary>Every request counts against the caller's order look-up limit, as GET /api/orders/{token} does.</summary>
    public static IEndpointRouteBuilder MapMcpForAgents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMcp(Path).RequireRateLimiting(RateLimits.OrderLookups).Add(endpoint =>
        {
            // An answer may carry a buyer's key (get_order): keep every one out of caches, as the API does.
            var handle = endpoint.RequestDelegate;
            if (handle is null) return;
            endpoint.RequestDelegate = context =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return handle(context);
            };
        });
        return endpoints;
    }
}
