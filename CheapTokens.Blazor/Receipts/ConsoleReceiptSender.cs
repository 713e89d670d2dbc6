using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Receipts;

/// <summary>The "Receipts" configuration section.</summary>
public sealed class ReceiptOptions
{
    public const string SectionName = "Receipts";

    /// <summary>Public address of the store, so a receipt carries a full link.</summary>
    public string StoreBaseUrl { get; set; } = "http://localhost:5130";

    public IReadOnlyList<string> Validate() =>
        VeniceOptions.AbsoluteHttpUrl(StoreBaseUrl) is null
            ? [$"{SectionName}:{nameof(StoreBaseUrl)} must be an absolute http(s) URL (was '{StoreBaseUrl}')."]
            : [];
}

/// <summary>
/// The development mail sender: writes the receipt to the console instead of emailing it. The order link
/// opens the buyer's key, so it is written only while the store runs on the simulated Venice (a demo);
/// selling real keys, the log gets a reminder that no mailer is configured, never the link.
/// </summary>
public sealed class ConsoleReceiptSender(IOptions<ReceiptOptions> options, IOptions<VeniceOptions> venice, ILogger<ConsoleReceiptSender> logger)
    : IReceiptSender
{
    public Task SendAsync(OrderReceipt receipt, CancellationToken cancellationToken)
    {
        if (venice.Value.Simulator.Enabled)
            logger.LogInformation("Receipt to {Email}: {Credits} credits for ${Total}. Your order and key: {Link}",
                receipt.Email, receipt.Credits, receipt.Total, options.Value.StoreBaseUrl.TrimEnd('/') + receipt.OrderPath);
        else
            logger.LogWarning("No mailer is configured: the receipt for {Email} ({Credits} credits, ${Total}) was not sent",
                receipt.Email, receipt.Credits, receipt.Total);
        return Task.CompletedTask;
    }
}

public static class ReceiptServiceCollectionExtensions
{
    public static IServiceCollection AddReceipts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReceiptOptions>(configuration.GetSection(ReceiptOptions.SectionName), o => o.Validate());
        services.AddSingleton<IReceiptSender, ConsoleReceiptSender>();
        return services;
    }
}
