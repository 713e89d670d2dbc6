namespace CheapTokens.Core.Orders;

/// <summary>Tells the buyer where their order lives: the order page link is their way back to the key.</summary>
public interface IReceiptSender
{
    Task SendAsync(OrderReceipt receipt, CancellationToken cancellationToken);
}

/// <param name="OrderPath">The order page, e.g. /orders/{token}; the token is the buyer's secret.</param>
/// <param name="Stage">Where the order stands as the receipt goes out, in the store's status vocabulary.</param>
public sealed record OrderReceipt(string Email, string OrderPath, int Credits, decimal Total, OrderStage Stage = OrderStage.Paid);
