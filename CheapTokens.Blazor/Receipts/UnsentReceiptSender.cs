using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Scaling;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Receipts;

/// <summary>Selling real keys with no mailer configured: the receipt is not sent, and the log says so without the link.</summary>
public sealed class UnsentReceiptSender(ILogger<UnsentReceiptSender> logger) : IReceiptSender
{
    public Task SendAsync(OrderReceipt receipt, CancellationToken cancellationToken)
    {
        logger.LogWarning("No mailer is configured: the receipt for {Email} ({Credits} credits, ${Total}) was not sent",
            MaskedEmail.Of(receipt.Email), receipt.Credits, receipt.Total);
        return Task.CompletedTask;
    }
}
