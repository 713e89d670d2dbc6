using System.ComponentModel;
using CheapTokens.Blazor.Api;
using CheapTokens.Blazor.Orders;
using ModelContextProtocol.Server;

namespace CheapTokens.Blazor.Mcp;

/// <summary>An order by its token, read as GET /api/orders/{token} reads it: the token is the whole credential.</summary>
[McpServerToolType]
public sealed class OrderTools(OrderQueries orders)
{
    [McpServerTool(Name = "get_order", Title = "Order by token", ReadOnly = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Where an order stands, by the token its purchase answered: status (created, declined, paid, provisioning, " +
                 "fulfilled, failed or refunded), credits, total in USD, and once fulfilled its Venice key (apiKey) and " +
                 "expiresAt (UTC); while a paid order waits for its key, queue says where. Poll every few seconds until " +
                 "fulfilled, failed or refunded. Keep the token private: it reads the key.")]
    public async Task<OrderResponse> GetOrderAsync(
        [Description("The order's token, as the paid order answer gave it.")] string token,
        CancellationToken cancellationToken)
    {
        var order = await orders.GetByTokenAsync(token, cancellationToken)
            ?? throw McpToolError.Because("No order has this token.");
        return OrderResponse.Of(order, orders.QueuePlaceOf(order.Summary.OrderId));
    }
}
